import { IncomingHttpHeaders, Server, ServerResponse, createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

/** How the receiver answers one request: as it should, not at all in time, with a 500, or with a redirect. */
export type Behaviour = 'ok' | 'slow' | 'error' | 'redirect';

export interface ReceivedWebhook {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** The signature verified with the secret(s) the receiver holds (Webhook.verify of `standardwebhooks`). */
  verified: boolean;
  behaviour: Behaviour;
  /** The receiver had processed this webhook-id already: an at-least-once duplicate. */
  duplicate: boolean;
  payload: { type: string; data: { campaignId: string; seq: number } & Record<string, unknown> };
}

/**
 * A real HTTP receiver on loopback, as an organisation's system would run one: it verifies each
 * signature with the reference library, processes each webhook-id (deduplicating as the spec asks
 * receivers to), and answers as the test scripts it: `slow` answers 200 after the sender's timeout
 * (it did process it), `error` a 500 (it did not), `redirect` a 302 elsewhere on itself.
 */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  /** The behaviours of the next requests, in order; `ok` once it is empty. */
  readonly script: Behaviour[] = [];
  /** Requests to the redirect's target: none should ever come. */
  readonly followed: string[] = [];
  secrets: string[] = [];
  slowMs = 2000;
  /** How long an `ok` answer takes: long enough, with several senders, for two attempts of one webhook to overlap if they could. */
  okDelayMs = 0;
  /** Requests that arrived while another one of the same webhook-id was still unanswered. */
  overlaps = 0;
  private readonly unanswered = new Map<string, number>();
  private readonly processed = new Set<string>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private server: Server | undefined;
  port = 0;

  get url(): string {
    return `http://127.0.0.1:${this.port}/hooks`;
  }

  /** Starts listening, on the same port as before when restarted (the receiver coming back up). */
  async start(): Promise<void> {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => this.handle(req.url ?? '', req.headers, Buffer.concat(chunks).toString('utf8'), res));
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  /** Down: the port refuses connections. */
  async stop(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** The webhooks it processed (answered 2xx to, or processed before answering late), in order. */
  accepted(): ReceivedWebhook[] {
    return this.received.filter((r) => (r.behaviour === 'ok' || r.behaviour === 'slow') && !r.duplicate);
  }

  private handle(path: string, headers: IncomingHttpHeaders, body: string, res: ServerResponse): void {
    if (path !== '/hooks') {
      this.followed.push(path);
      res.writeHead(200).end();
      return;
    }
    const behaviour = this.script.shift() ?? 'ok';
    const verified = this.secrets.some((secret) => {
      try {
        new Webhook(secret).verify(body, headers as Record<string, string>);
        return true;
      } catch {
        return false;
      }
    });
    const id = String(headers['webhook-id']);
    if (this.unanswered.get(id)) this.overlaps += 1;
    this.unanswered.set(id, (this.unanswered.get(id) ?? 0) + 1);
    res.on('close', () => this.unanswered.set(id, (this.unanswered.get(id) ?? 1) - 1));
    const processes = verified && (behaviour === 'ok' || behaviour === 'slow');
    const duplicate = processes && this.processed.has(id);
    if (processes) this.processed.add(id);
    this.received.push({ path, headers, body, verified, behaviour, duplicate, payload: JSON.parse(body) });
    if (!verified) return void res.writeHead(401).end();
    if (behaviour === 'error') return void res.writeHead(500).end('boom');
    if (behaviour === 'redirect') return void res.writeHead(302, { location: `http://127.0.0.1:${this.port}/elsewhere` }).end();
    if (behaviour === 'slow') {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        if (!res.destroyed) res.writeHead(200).end();
      }, this.slowMs);
      this.timers.add(timer);
      return;
    }
    if (this.okDelayMs === 0) return void res.writeHead(204).end();
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      res.writeHead(204).end();
    }, this.okDelayMs);
    this.timers.add(timer);
  }
}
