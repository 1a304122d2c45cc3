import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';

const here = fileURLToPath(new URL('.', import.meta.url));

/**
 * The web interface: built to dist/web, which the NestJS API serves (same origin, so the API is
 * called with relative URLs). No inline script: the API's Content-Security-Policy says
 * `script-src 'self'`.
 */
export default defineConfig({
  root: here,
  base: '/',
  plugins: [preact({ devtoolsInProd: false, prefreshEnabled: false })],
  build: {
    outDir: fileURLToPath(new URL('../../dist/web', import.meta.url)),
    emptyOutDir: true,
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    sourcemap: false,
    target: 'es2020',
  },
  server: {
    // `npx vite --config apps/web/vite.config.ts` during development, with the API on port 3000.
    proxy: Object.fromEntries(
      ['/auth', '/campaigns', '/territories', '/health'].map((path) => [path, { target: process.env.API_URL ?? 'http://127.0.0.1:3000' }]),
    ),
  },
});
