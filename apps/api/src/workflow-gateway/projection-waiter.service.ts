import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CampaignReadRepository, ProjectionWatcher } from '@ctg/persistence';
import { API_SETTINGS, ApiSettings } from '../api-settings';

/**
 * How a write learns that its event reached the read model: the append's notice wakes it, and
 * after PROJECTION_WAIT_MS it answers anyway (the fact is durable in Temporal already).
 */
@Injectable()
export class ProjectionWaiter implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(ProjectionWaiter.name);
  private readonly watcher: ProjectionWatcher;

  constructor(
    dataSource: DataSource,
    campaigns: CampaignReadRepository,
    @Inject(API_SETTINGS) private readonly settings: ApiSettings,
  ) {
    this.watcher = new ProjectionWatcher({
      connectionString: (dataSource.options as { url?: string }).url ?? settings.databaseUrl,
      readLastSeq: (campaignId) => campaigns.lastSeq(campaignId),
      onError: (message) => this.logger.warn(message),
    });
  }

  onModuleInit(): Promise<void> {
    return this.watcher.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.watcher.stop();
  }

  async waitFor(campaignId: string, seq: number): Promise<boolean> {
    const projected = await this.watcher.waitFor(campaignId, seq, this.settings.projectionWaitMs);
    if (!projected) this.logger.warn(`projection of ${campaignId}#${seq} still pending after ${this.settings.projectionWaitMs} ms`);
    return projected;
  }
}
