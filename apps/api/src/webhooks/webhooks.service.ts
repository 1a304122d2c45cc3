import { Inject, Injectable } from '@nestjs/common';
import { lookup } from 'node:dns/promises';
import { WebhookDeliveryView, WebhookEndpointRepository, WebhookEndpointView } from '@ctg/persistence';
import { HostResolver, checkWebhookUrl, newWebhookSecret } from '@ctg/webhooks';
import { API_SETTINGS, ApiSettings } from '../api-settings';
import { Principal } from '../auth/access.decorator';
import { ApiError } from '../common/api-error';
import { OrganisationsService } from '../organisations/organisations.service';

/** The secret, shown in this one answer (at creation and at rotation), never again. */
export type WebhookWithSecret = WebhookEndpointView & { secret: string };

export const HOST_RESOLVER = Symbol('HOST_RESOLVER');

/** Resolves a host's addresses with the system's resolver, as the relay's connections will. */
export const systemResolver: HostResolver = async (host) => (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);

/**
 * An organisation's webhook endpoints, managed by its managers (and the operator): registration
 * with the URL checked (HTTPS; in production, a host that resolves to a public address only),
 * rotation of the secret, deletion, re-enabling, and the delivery log with redelivery.
 */
@Injectable()
export class WebhooksService {
  constructor(
    private readonly endpoints: WebhookEndpointRepository,
    private readonly organisations: OrganisationsService,
    @Inject(API_SETTINGS) private readonly settings: ApiSettings,
    @Inject(HOST_RESOLVER) private readonly resolve: HostResolver,
  ) {}

  async create(principal: Principal, siren: string, url: string, description: string | undefined): Promise<WebhookWithSecret> {
    const organisation = await this.managed(principal, siren);
    const problem = await checkWebhookUrl(url, this.settings.webhooks.production, this.resolve);
    if (problem) throw ApiError.invalid([{ field: 'url', message: `${problem}; nothing was registered` }]);
    const secret = newWebhookSecret();
    const endpoint = await this.endpoints.create(organisation.id, url, description?.trim() || null, secret, principal.actor.id);
    return { ...endpoint, secret };
  }

  async list(principal: Principal, siren: string): Promise<WebhookEndpointView[]> {
    return this.endpoints.list((await this.managed(principal, siren)).id);
  }

  async remove(principal: Principal, siren: string, id: string): Promise<void> {
    const organisation = await this.managed(principal, siren);
    if (!(await this.endpoints.remove(organisation.id, id))) throw unknownEndpoint(id);
  }

  async rotate(principal: Principal, siren: string, id: string): Promise<WebhookWithSecret> {
    const organisation = await this.managed(principal, siren);
    const secret = newWebhookSecret();
    const endpoint = await this.endpoints.rotate(organisation.id, id, secret, this.settings.webhooks.rotationGraceMs);
    if (!endpoint) throw unknownEndpoint(id);
    return { ...endpoint, secret };
  }

  async enable(principal: Principal, siren: string, id: string): Promise<WebhookEndpointView> {
    const organisation = await this.managed(principal, siren);
    const endpoint = await this.endpoints.enable(organisation.id, id);
    if (!endpoint) throw unknownEndpoint(id);
    return endpoint;
  }

  async deliveries(principal: Principal, siren: string, id: string, limit: number): Promise<WebhookDeliveryView[]> {
    return this.endpoints.deliveries(await this.endpointOf(principal, siren, id), limit);
  }

  async redeliver(principal: Principal, siren: string, id: string, deliveryId: string): Promise<void> {
    const endpointId = await this.endpointOf(principal, siren, id);
    if (!(await this.endpoints.redeliver(endpointId, deliveryId))) throw new ApiError(404, `unknown delivery ${deliveryId} of webhook ${id}`);
  }

  private async endpointOf(principal: Principal, siren: string, id: string): Promise<string> {
    const organisation = await this.managed(principal, siren);
    const endpoint = await this.endpoints.get(organisation.id, id);
    if (!endpoint) throw unknownEndpoint(id);
    return endpoint.id;
  }

  private managed(principal: Principal, siren: string) {
    return this.organisations.managed(principal, siren, 'manage its webhooks');
  }
}

function unknownEndpoint(id: string): ApiError {
  return new ApiError(404, `unknown webhook ${id}`);
}
