import { Transporter } from 'nodemailer';
import { DataSource } from 'typeorm';
import { ClaimedDelivery, DisableNotice, OutboxRelay, PROJECTED_CHANNEL, WEBHOOK_DUE_CHANNEL, WebhookDeliveryRepository } from '@ctg/persistence';
import { WebhookSettings, postWebhook, retryDelayMs, webhookHeaders, webhookMessageId } from '@ctg/webhooks';
import { renderWebhookDisabledEmail } from './webhook-disabled-email';

export interface WebhookRelayOptions {
  dataSource: DataSource;
  settings: WebhookSettings;
  /** Where the managers of a disabled endpoint are e-mailed from. */
  transport: Transporter;
  mailFrom: string;
  publicUrl: string;
  /** Deliveries in flight at once (to different endpoints or campaigns). */
  concurrency?: number;
  onError?: (message: string) => void;
}

/** The longest sleep with nothing due: the safety net for a notice missed while the listener reconnects. */
const IDLE_MS = 10_000;

/**
 * Sends the webhook outbox: takes due deliveries (the oldest undelivered one of each endpoint and
 * campaign), POSTs them signed, logs each attempt and schedules the retries. An OutboxRelay wakes it
 * at once on the appends' notices (and on a re-enabling or a redelivery), and when the next retry
 * falls due. Several relays may run (one per worker): a delivery is claimed by one at a time. Up to
 * `concurrency` attempts run side by side, so a slow receiver holds back its own campaigns only.
 * `stop()` interrupts the attempts in flight (they are tried again at once by the next relay,
 * unlogged) and resolves once they are given back.
 */
export class WebhookRelay {
  private readonly deliveries: WebhookDeliveryRepository;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly abort = new AbortController();
  private readonly relay: OutboxRelay;
  private readonly concurrency: number;

  constructor(private readonly options: WebhookRelayOptions) {
    this.deliveries = new WebhookDeliveryRepository(options.dataSource);
    this.concurrency = options.concurrency ?? 8;
    const onError = options.onError ?? (() => undefined);
    this.relay = new OutboxRelay({
      name: 'webhooks',
      connectionString: (options.dataSource.options as { url?: string }).url as string,
      channels: [PROJECTED_CHANNEL, WEBHOOK_DUE_CHANNEL],
      drain: () => this.drain(),
      nextDueInMs: () => this.nextDueInMs(),
      intervalMs: IDLE_MS,
      onError,
    });
  }

  start(): Promise<void> {
    return this.relay.start();
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.relay.stop();
    await Promise.all(this.inFlight);
  }

  /** Starts the due deliveries the free slots allow; answers how many, so the relay asks again at once. */
  private async drain(): Promise<number> {
    await this.notifyDisabledEndpoints();
    const free = this.concurrency - this.inFlight.size;
    if (free <= 0 || this.abort.signal.aborted) return 0;
    const claimed = await this.deliveries.claimDue(free, this.options.settings.timeoutMs + 60_000);
    for (const delivery of claimed) {
      const work = this.deliver(delivery);
      this.inFlight.add(work);
      // A slot freed: what waited for it may go.
      void work.finally(() => {
        this.inFlight.delete(work);
        this.relay.wake();
      });
    }
    return claimed.length;
  }

  /** Undefined while every slot is busy: the next attempt to end wakes the relay. */
  private async nextDueInMs(): Promise<number | undefined> {
    if (this.inFlight.size >= this.concurrency) return undefined;
    const next = await this.deliveries.nextDueAt();
    return next ? Math.max(next.getTime() - Date.now(), 0) : undefined;
  }

  private async deliver(delivery: ClaimedDelivery): Promise<void> {
    const { settings } = this.options;
    const body = JSON.stringify(delivery.payload);
    const sentAt = new Date();
    const headers = webhookHeaders(webhookMessageId(delivery.id), sentAt, body, delivery.secrets);
    try {
      const attempt = await postWebhook(delivery.url, headers, body, { timeoutMs: settings.timeoutMs, production: settings.production, signal: this.abort.signal });
      if (this.abort.signal.aborted && !attempt.delivered) {
        await this.deliveries.release(delivery);
        return;
      }
      const retryMs = retryDelayMs(delivery.attempts, settings.retryFirstMs, settings.retryMaxMs);
      await this.deliveries.recordAttempt(delivery, { ...attempt, attemptedAt: sentAt }, retryMs, settings.disableAfterMs);
    } catch (error) {
      this.options.onError?.(`webhook ${delivery.id} to ${delivery.url}: ${(error as Error).message}`);
    }
  }

  /** The managers of each endpoint just disabled are told once; an SMTP server away delays that, not the deliveries. */
  private async notifyDisabledEndpoints(): Promise<void> {
    try {
      while (await this.deliveries.notifyOneDisabled((notice) => this.sendDisableNotice(notice)));
    } catch (error) {
      this.options.onError?.(`webhooks: a disabled endpoint's managers could not be told yet: ${(error as Error).message}`);
    }
  }

  private async sendDisableNotice(notice: DisableNotice): Promise<void> {
    const mail = renderWebhookDisabledEmail(notice, this.options.publicUrl);
    await this.options.transport.sendMail({
      from: this.options.mailFrom,
      to: notice.managers,
      subject: mail.subject,
      text: mail.text,
      headers: { 'X-CTG-Organisation': notice.organisation.siren, 'X-CTG-Webhook': notice.endpointId },
    });
  }
}
