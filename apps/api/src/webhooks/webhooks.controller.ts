import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Access, CurrentPrincipal, Principal } from '../auth/access.decorator';
import { ApiErrors } from '../common/api-docs';
import { SirenPipe } from '../territories/siren.pipe';
import { CreateWebhookDto, WebhookDeliveriesQueryDto } from './dto/webhook.dto';
import { UuidPipe } from './uuid.pipe';
import { WebhooksService } from './webhooks.service';

const UNKNOWN = [404, 'unknown organisation (or not one of the caller’s), or unknown webhook'] as const;
const ENDPOINT = '`{id, url, description, enabled, disabledAt, disabledReason, failingSince, previousSecretExpiresAt, pending, createdBy, createdAt}`';

@ApiTags('webhooks')
@ApiBearerAuth()
@Controller('organisations/:siren/webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post()
  @Access('admin')
  @ApiOperation({ summary: 'Register an HTTPS endpoint: every event of the organisation’s campaigns is POSTed to it, signed (docs/webhooks.md)' })
  @ApiCreatedResponse({ description: `${ENDPOINT} and \`secret\` (\`whsec_…\`), shown this once` })
  @ApiErrors(400, [...UNKNOWN], 413, [422, '`url` refused: not HTTPS, credentials in it, or (in production) a private or loopback address'])
  create(@Param('siren', SirenPipe) siren: string, @Body() body: CreateWebhookDto, @CurrentPrincipal() principal: Principal) {
    return this.webhooks.create(principal, siren, body.url, body.description);
  }

  @Get()
  @Access('admin')
  @ApiOperation({ summary: 'The organisation’s webhook endpoints, with their state (the managers, and the operator)' })
  @ApiOkResponse({ description: `\`{webhooks: [${ENDPOINT}]}\`` })
  @ApiErrors(400, [...UNKNOWN])
  async list(@Param('siren', SirenPipe) siren: string, @CurrentPrincipal() principal: Principal) {
    return { webhooks: await this.webhooks.list(principal, siren) };
  }

  @Delete(':webhookId')
  @HttpCode(204)
  @Access('admin')
  @ApiOperation({ summary: 'Delete the endpoint and its delivery log: nothing more is sent to it' })
  @ApiNoContentResponse({ description: 'deleted' })
  @ApiErrors(400, [...UNKNOWN])
  remove(@Param('siren', SirenPipe) siren: string, @Param('webhookId', UuidPipe) id: string, @CurrentPrincipal() principal: Principal): Promise<void> {
    return this.webhooks.remove(principal, siren, id);
  }

  @Post(':webhookId/rotate-secret')
  @HttpCode(200)
  @Access('admin')
  @ApiOperation({ summary: 'A new secret; the previous one still signs beside it for WEBHOOK_ROTATION_GRACE' })
  @ApiOkResponse({ description: `${ENDPOINT} and the new \`secret\`, shown this once` })
  @ApiErrors(400, [...UNKNOWN])
  rotate(@Param('siren', SirenPipe) siren: string, @Param('webhookId', UuidPipe) id: string, @CurrentPrincipal() principal: Principal) {
    return this.webhooks.rotate(principal, siren, id);
  }

  @Post(':webhookId/enable')
  @HttpCode(200)
  @Access('admin')
  @ApiOperation({ summary: 'Enable a disabled endpoint: what waited goes out at once, in order' })
  @ApiOkResponse({ description: ENDPOINT })
  @ApiErrors(400, [...UNKNOWN])
  enable(@Param('siren', SirenPipe) siren: string, @Param('webhookId', UuidPipe) id: string, @CurrentPrincipal() principal: Principal) {
    return this.webhooks.enable(principal, siren, id);
  }

  @Get(':webhookId/deliveries')
  @Access('admin')
  @ApiOperation({ summary: 'The delivery log, newest first: each event sent, its status, attempts and last error' })
  @ApiOkResponse({ description: '`{deliveries: [{id, campaignId, seq, type, status, attempts, nextAttemptAt, lastStatusCode, lastError, deliveredAt, createdAt, log: [{attemptedAt, durationMs, statusCode, error}]}]}`' })
  @ApiErrors(400, [...UNKNOWN])
  async deliveries(
    @Param('siren', SirenPipe) siren: string,
    @Param('webhookId', UuidPipe) id: string,
    @Query() query: WebhookDeliveriesQueryDto,
    @CurrentPrincipal() principal: Principal,
  ) {
    return { deliveries: await this.webhooks.deliveries(principal, siren, id, query.limit ?? 50) };
  }

  @Post(':webhookId/deliveries/:deliveryId/redeliver')
  @HttpCode(202)
  @Access('admin')
  @ApiOperation({ summary: 'Send a delivery again (same `webhook-id`, so the receiver can tell), in its campaign’s order' })
  @ApiAcceptedResponse({ description: '`{id, status: "pending"}`: queued' })
  @ApiErrors(400, [404, 'unknown organisation, webhook or delivery'])
  async redeliver(
    @Param('siren', SirenPipe) siren: string,
    @Param('webhookId', UuidPipe) id: string,
    @Param('deliveryId', UuidPipe) deliveryId: string,
    @CurrentPrincipal() principal: Principal,
  ) {
    await this.webhooks.redeliver(principal, siren, id, deliveryId);
    return { id: deliveryId, status: 'pending' };
  }
}
