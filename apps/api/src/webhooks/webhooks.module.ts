import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { WebhookEndpointRepository } from '@ctg/persistence';
import { OrganisationsModule } from '../organisations/organisations.module';
import { WebhooksController } from './webhooks.controller';
import { HOST_RESOLVER, WebhooksService, systemResolver } from './webhooks.service';

@Module({
  imports: [OrganisationsModule],
  controllers: [WebhooksController],
  providers: [
    WebhooksService,
    { provide: WebhookEndpointRepository, useFactory: (dataSource: DataSource) => new WebhookEndpointRepository(dataSource), inject: [DataSource] },
    { provide: HOST_RESOLVER, useValue: systemResolver },
  ],
})
export class WebhooksModule {}
