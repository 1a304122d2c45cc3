import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { CampaignEvent, DEFAULT_REMINDER_POLICY } from '@ctg/domain';
import { createDataSource, openDatabase } from './data-source';
import { isTransientDatabaseFailure } from './database-failure';
import { EventStoreRepository } from './event-store.repository';

/** Which failures of the real PostgreSQL (test/global-setup.ts) are waited out, and which jam a record. */
describe('isTransientDatabaseFailure', () => {
  let dataSource: DataSource;
  beforeAll(async () => {
    dataSource = await openDatabase(process.env.TEST_DATABASE_URL as string, 2);
  });
  afterAll(async () => dataSource?.destroy());

  const failureOf = (run: () => Promise<unknown>) => run().then(() => undefined, (error: unknown) => error);

  function launchedWith(title: string): CampaignEvent {
    const campaignId = `failure-${randomUUID().slice(0, 8)}`;
    return {
      seq: 1,
      id: randomUUID(),
      campaignId,
      type: 'CampaignLaunched',
      occurredAt: new Date().toISOString(),
      actor: { kind: 'administrator', id: 'admin@example.org' },
      data: {
        id: campaignId,
        title,
        territory: { name: 'Territoire de test' },
        deliberationDeadline: '2023-10-31T23:59:59+01:00',
        signatories: [{ id: 'epci', kind: 'epci', name: 'EPCI', email: 'epci@example.org', required: true }],
        reminderPolicy: DEFAULT_REMINDER_POLICY,
      },
    } as CampaignEvent;
  }

  it.each([
    ['a lone surrogate', 'Convention \ud800'],
    ['a NUL character', 'Convention \u0000'],
  ])('calls an event holding %s, which jsonb refuses, a refusal', async (_what, title) => {
    const event = launchedWith(title);
    const error = await failureOf(() => new EventStoreRepository(dataSource).append(event.campaignId, [event]));
    expect(error).toBeDefined();
    expect(isTransientDatabaseFailure(error)).toBe(false);
  });

  it('calls a server that does not answer transient', async () => {
    const closed = new URL(process.env.TEST_DATABASE_URL as string);
    closed.port = '1';
    const unreachable = createDataSource(closed.toString(), 1);
    const error = await failureOf(() => unreachable.initialize());
    expect(isTransientDatabaseFailure(error)).toBe(true);
  });

  it('calls a cancelled statement and a deadlock transient, a broken constraint not', () => {
    expect(isTransientDatabaseFailure({ code: '57014' })).toBe(true);
    expect(isTransientDatabaseFailure({ code: '40P01' })).toBe(true);
    expect(isTransientDatabaseFailure({ code: '23505' })).toBe(false);
    expect(isTransientDatabaseFailure(new Error('boom'))).toBe(false);
  });
});
