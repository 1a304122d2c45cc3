import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AddressInfo } from 'node:net';
import { Browser, Download, Page, chromium } from 'playwright-core';
import { DEVELOPMENT_DEFAULTS } from '../../apps/api/src/api-settings';
import { TestApp, startTestApp } from './test-app';

const ROOT = resolve(__dirname, '..', '..');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Builds the interface as `npm run build:web` does, so a test never runs a stale bundle: once per
 * run (the global set-up builds it before the jest workers start, so two never write it at once).
 */
export function buildWebInterface(): void {
  if (process.env.TEST_WEB_BUILT) return;
  execFileSync(process.execPath, [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'apps/web/vite.config.ts', '--logLevel', 'error'], {
    cwd: ROOT,
    stdio: 'pipe',
  });
}

/** Debian's Chromium, headless, in French, reaching for nothing beyond the page it is given. */
export function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium is missing at ${CHROMIUM}: install Debian's package with "apt-get install -y chromium"`);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-gpu', '--no-first-run', '--disable-component-update', '--disable-sync', '--lang=fr-FR'],
    // Date and time fields follow the browser's own language, which Debian's Chromium takes from
    // LANGUAGE (with its French resources, package chromium-l10n; without them it stays in English).
    env: { ...process.env, LANGUAGE: 'fr' },
  });
}

/**
 * Records a page's script errors and CSP refusals as problems; a refused request the page shows
 * (4xx) is expected. Pages of `foreignOrigin` (a test identity provider's, which asks the internet
 * for its fonts) are not ours to judge.
 */
export function watchPage(page: Page, problems: string[], label: string, foreignOrigin?: string): void {
  page.on('pageerror', (error) => problems.push(`${label}: page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    if (foreignOrigin && page.url().startsWith(foreignOrigin)) return;
    const text = message.text();
    if (/Failed to load resource: the server responded with a status of (4\d\d)/.test(text)) return;
    problems.push(`${label}: console error: ${text}`);
  });
}

/** A browser context in French, in Paris, on a phone (390 × 844, touch) or a desktop (1280 × 900). */
export const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'fr-FR', timezoneId: 'Europe/Paris' };
export const DESKTOP = { viewport: { width: 1280, height: 900 }, locale: 'fr-FR', timezoneId: 'Europe/Paris' };

/** A browser spec's stack: the API serving the built interface on a port of its own, and Chromium. */
export interface WebStack {
  t: TestApp;
  browser: Browser;
  /** The API's own origin, where the interface is served. */
  base: string;
}

/** `env` for the API's settings; `port` when they must know it (PUBLIC_URL, the return address of a sign-in). */
export async function startWebStack(options: { env?: Record<string, string>; port?: number } = {}): Promise<WebStack> {
  buildWebInterface();
  const t = await startTestApp(options.env);
  await t.app.listen(options.port ?? 0, '127.0.0.1');
  const base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
  return { t, base, browser: await launchChromium() };
}

export async function stopWebStack(stack: WebStack | undefined): Promise<void> {
  await stack?.browser.close();
  await stack?.t.close();
}

/** Opens a page of the interface as this account, through the sign-in form it shows first. */
export async function openSignedIn(page: Page, url: string, email: string, password: string): Promise<void> {
  await page.goto(url);
  await page.getByLabel('Adresse électronique').fill(email);
  await page.getByLabel('Mot de passe').fill(password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
}

/** Opens a page of the interface as the default administrator. */
export function openAsAdministrator(page: Page, url: string): Promise<void> {
  return openSignedIn(page, url, DEVELOPMENT_DEFAULTS.ADMIN_EMAIL, DEVELOPMENT_DEFAULTS.ADMIN_PASSWORD);
}

/** The file a click makes the browser download, and its bytes. */
export async function downloaded(page: Page, click: () => Promise<void>): Promise<{ download: Download; bytes: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  const path = await download.path();
  if (!path) throw new Error(`the download of ${download.suggestedFilename()} failed: ${await download.failure()}`);
  return { download, bytes: readFileSync(path) };
}
