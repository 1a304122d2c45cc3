import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { ApiErrorDto } from './common/api-docs';
import { HttpErrorFilter } from './common/http-error.filter';
import { serveWebInterface } from './web-interface';
import { InputHygienePipe } from './common/input-hygiene.pipe';
import { malformedJsonHandler } from './common/malformed-json.handler';
import { createValidationPipe } from './common/validation';
import { CoreDependencies } from './core.module';
import { ApiMetrics } from './metrics/api-metrics.service';
import { httpTracingMiddleware } from '@ctg/observability';

export const BODY_LIMIT = '1mb';

/** The configured Nest application, not yet listening: `main.ts` and the tests share it. */
export async function createApiApp(deps: CoreDependencies): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(deps), {
    bodyParser: false,
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  app.set('trust proxy', deps.settings.trustProxy);
  // Before all, so that the request's span holds everything the API does for it (docs/operations.md).
  if (deps.tracing) app.use(httpTracingMiddleware());
  // Then, so that every answer is timed, the web interface's and the refusals' too.
  app.use(app.get(ApiMetrics).middleware);
  // Node cuts any request after 5 minutes: a 50 MiB act from a town hall's slow line may take longer.
  // A stalled upload is dropped by UPLOAD_STALL_TIMEOUT_MS instead.
  app.getHttpServer().requestTimeout = 30 * 60_000;
  app.useBodyParser('json', { limit: BODY_LIMIT });
  app.use(malformedJsonHandler);
  app.use(helmet());
  serveWebInterface(app);
  if (process.env.CORS_ORIGINS) app.enableCors({ origin: process.env.CORS_ORIGINS.split(',') });
  app.useGlobalPipes(new InputHygienePipe(), createValidationPipe());
  app.useGlobalFilters(new HttpErrorFilter());

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('CTG — délibérations et signature')
      .setDescription('Deliberation and signature campaigns of Conventions Territoriales Globales')
      .setVersion('1')
      .addBearerAuth()
      .build(),
    { extraModels: [ApiErrorDto] },
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  return app;
}
