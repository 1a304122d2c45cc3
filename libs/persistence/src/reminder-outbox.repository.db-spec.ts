import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { openDatabase } from './data-source';
import { ReminderOutboxRepository } from './reminder-outbox.repository';

/** The reminders' outbox on the run's real PostgreSQL database (test/global-setup.ts creates it). */
describe('the reminder outbox', () => {
  let dataSource: DataSource;
  let outbox: ReminderOutboxRepository;

  beforeAll(async () => {
    dataSource = await openDatabase(process.env.TEST_DATABASE_URL as string, 2);
    outbox = new ReminderOutboxRepository(dataSource);
  });
  afterAll(async () => dataSource?.destroy());

  const entry = (campaignId: string, signatoryId: string, messageId: string) => ({
    campaignId,
    signatoryId,
    number: 1,
    messageId,
    recipients: ['mairie@example.org'],
    copies: [],
  });

  it('gives a retry the state and the Message-ID of the first claim, and says when it was sent', async () => {
    const campaignId = `ctg-outbox-${randomUUID().slice(0, 8)}`;
    expect(await outbox.claim(entry(campaignId, 'epci', `<reminder+${campaignId}+epci+1@test>`))).toBeUndefined();
    expect(await outbox.claim(entry(campaignId, 'epci', '<another-format@test>'))).toEqual({
      status: 'sending',
      sentAt: undefined,
      messageId: `<reminder+${campaignId}+epci+1@test>`,
      recipients: ['mairie@example.org'],
      copies: [],
    });
    const sentAt = await outbox.markSent(campaignId, 'epci', 1);
    expect(await outbox.claim(entry(campaignId, 'epci', '<another-format@test>'))).toMatchObject({ status: 'sent', sentAt });
  });

  it("refuses a Message-ID another reminder holds, instead of taking that reminder's state", async () => {
    const campaignId = `ctg-outbox-${randomUUID().slice(0, 8)}`;
    const shared = `<reminder.${campaignId}.x.epci.1@test>`;
    await outbox.claim(entry(`${campaignId}.x`, 'epci', shared));
    await expect(outbox.claim(entry(campaignId, 'x.epci', shared))).rejects.toThrow(/duplicate key value violates unique constraint/);
  });
});
