import type { Tracing } from '@ctg/observability';
import { DynamicModule, Global, Module } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { DataSource } from 'typeorm';
import {
  AdministratorRepository,
  CalendarFeedRepository,
  CampaignReadRepository,
  EventStoreRepository,
  OrganisationRepository,
  SignInAttemptRepository,
  InvitationRepository,
  RecordAppendFaultRepository,
  SignatoryLinkRepository,
  SignatureCodeRepository,
} from '@ctg/persistence';
import type { DocumentStore } from '@ctg/documents';
import { API_SETTINGS, ApiSettings } from './api-settings';

export const TEMPORAL_CLIENT = Symbol('TEMPORAL_CLIENT');
export const DOCUMENT_STORE = Symbol('DOCUMENT_STORE');

export interface CoreDependencies {
  settings: ApiSettings;
  dataSource: DataSource;
  temporal: Client;
  /** Where the convention, the annexes and the acts are kept (PostgreSQL by default, or S3). */
  documents: DocumentStore;
  /** The process's tracing (OTEL_*): a span per request when on; nothing when off. */
  tracing?: Tracing;
}

/** The process-wide dependencies, opened once by `main.ts` (or a test) and shared by every module. */
@Global()
@Module({})
export class CoreModule {
  static forRoot(deps: CoreDependencies): DynamicModule {
    const repositories = [
      { provide: CampaignReadRepository, useValue: new CampaignReadRepository(deps.dataSource) },
      { provide: EventStoreRepository, useValue: new EventStoreRepository(deps.dataSource) },
      { provide: SignatoryLinkRepository, useValue: new SignatoryLinkRepository(deps.dataSource) },
      { provide: SignatureCodeRepository, useValue: new SignatureCodeRepository(deps.dataSource) },
      { provide: AdministratorRepository, useValue: new AdministratorRepository(deps.dataSource) },
      { provide: OrganisationRepository, useValue: new OrganisationRepository(deps.dataSource) },
      { provide: SignInAttemptRepository, useValue: new SignInAttemptRepository(deps.dataSource) },
      { provide: InvitationRepository, useValue: new InvitationRepository(deps.dataSource) },
      { provide: RecordAppendFaultRepository, useValue: new RecordAppendFaultRepository(deps.dataSource) },
      { provide: CalendarFeedRepository, useValue: new CalendarFeedRepository(deps.dataSource) },
    ];
    const providers = [
      { provide: API_SETTINGS, useValue: deps.settings },
      { provide: DataSource, useValue: deps.dataSource },
      { provide: TEMPORAL_CLIENT, useValue: deps.temporal },
      { provide: DOCUMENT_STORE, useValue: deps.documents },
      ...repositories,
    ];
    return { module: CoreModule, providers, exports: providers.map((p) => p.provide) };
  }
}
