import { DynamicModule, Module } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { LoggerModule } from 'nestjs-pino';
import type { IncomingMessage } from 'node:http';
import { AdministratorsModule } from './administrators/administrators.module';
import { AuthModule } from './auth/auth.module';
import { CalendarModule } from './calendar/calendar.module';
import { CampaignsModule } from './campaigns/campaigns.module';
import { CoreDependencies, CoreModule } from './core.module';
import { DeliberationsModule } from './deliberations/deliberations.module';
import { DocumentsModule } from './documents/documents.module';
import { EventsModule } from './events/events.module';
import { HealthModule } from './health/health.module';
import { NotificationsModule } from './notifications/notifications.module';
import { OpenDataModule } from './open-data/open-data.module';
import { OrganisationsModule } from './organisations/organisations.module';
import { ProConnectModule } from './proconnect/proconnect.module';
import { TerritoriesModule } from './territories/territories.module';
import { LegalFollowUpModule } from './legal-follow-up/legal-follow-up.module';
import { RecordModule } from './record/record.module';
import { SignatureModule } from './signature/signature.module';
import { redactTokens } from './common/redact-tokens';
import { WebhooksModule } from './webhooks/webhooks.module';
import { MetricsModule } from './metrics/metrics.module';
import { readableStream } from '@ctg/observability';

/** An orchestrator's probes, every few seconds: not worth a line each. */
const PROBES = new Set(['/health/live', '/health/ready']);

@Module({})
export class AppModule {
  static forRoot(deps: CoreDependencies): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.forRoot(deps),
        LoggerModule.forRoot({
          pinoHttp: [{
            autoLogging: { ignore: (req: IncomingMessage) => PROBES.has(req.url ?? '') },
            level: process.env.LOG_LEVEL ?? 'info',
            // One line per request, with the campaign it concerns; tokens never reach the log.
            customProps: (req: IncomingMessage & { params?: Record<string, string> }) => ({ campaignId: req.params?.id }),
            redact: ['req.headers.authorization', 'req.query.token'],
            serializers: {
              req: (req: { method: string; url: string }) => ({ method: req.method, url: redactTokens(req.url) }),
              res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
            },
          }, deps.settings.logFormat === 'readable' ? readableStream() : process.stdout],
        }),
        ThrottlerModule.forRoot([
          { name: 'default', ttl: 60_000, limit: deps.settings.secretaryRequestsPerMinute },
          { name: 'login', ttl: 60_000, limit: deps.settings.loginAttemptsPerMinute },
        ]),
        AuthModule,
        AdministratorsModule,
        OrganisationsModule,
        NotificationsModule,
        ProConnectModule,
        CampaignsModule,
        DeliberationsModule,
        DocumentsModule,
        SignatureModule,
        EventsModule,
        HealthModule,
        MetricsModule,
        TerritoriesModule,
        LegalFollowUpModule,
        RecordModule,
        OpenDataModule,
        CalendarModule,
        WebhooksModule,
      ],
    };
  }
}
