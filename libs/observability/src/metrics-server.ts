import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MetricsSettings } from './metrics-settings';

export interface MetricsAnswer {
  status?: number;
  contentType: string;
  body: string;
}

export type MetricsRoutes = Record<string, () => Promise<MetricsAnswer>>;

export interface MetricsServer {
  url: string;
  close(): Promise<void>;
}

/** Compared through their hashes: equal lengths for timingSafeEqual, and no early exit on the first byte. */
function sameToken(given: string, expected: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * The operator's port: `/metrics` for Prometheus and whatever else the process adds (the API's
 * detailed `/health`), apart from the public HTTP server so that no route of the API can expose it.
 */
export async function startMetricsServer(settings: MetricsSettings & { port: number }, routes: MetricsRoutes): Promise<MetricsServer> {
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0];
    const route = routes[path];
    if (req.method !== 'GET' || !route) return answer(res, 404, 'not found');
    if (settings.token !== undefined) {
      const given = /^Bearer (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
      if (given === undefined || !sameToken(given, settings.token)) {
        res.setHeader('www-authenticate', 'Bearer');
        return answer(res, 401, 'a bearer token (METRICS_TOKEN) is required');
      }
    }
    try {
      const out = await route();
      res.writeHead(out.status ?? 200, { 'content-type': out.contentType, 'cache-control': 'no-store' });
      res.end(out.body);
    } catch (error) {
      answer(res, 500, `could not collect: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  const server: Server = createServer((req, res) => void handle(req, res));
  // A scraper that keeps its connection open must not hold the process at shutdown.
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(settings.port, settings.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = settings.host.includes(':') ? `[${settings.host}]` : settings.host;
  return {
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function answer(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(`${message}\n`);
}
