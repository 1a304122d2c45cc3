import { Inject, Injectable } from '@nestjs/common';
import { CalendarFeedRepository, CampaignReadRepository } from '@ctg/persistence';
import { API_SETTINGS, ApiSettings } from '../api-settings';
import { ApiError } from '../common/api-error';
import { campaignCalendar } from './campaign-calendar';

/** The answer to any token that opens no feed: unknown, malformed and revoked alike, so a guess learns nothing. */
const NO_FEED = () => ApiError.notFound('no such calendar');

/** Administrators' private calendar feeds of a campaign: created, revoked, and served by token. */
@Injectable()
export class CalendarService {
  constructor(
    private readonly feeds: CalendarFeedRepository,
    private readonly campaigns: CampaignReadRepository,
    @Inject(API_SETTINGS) private readonly settings: ApiSettings,
  ) {}

  /** A new private URL of the campaign's calendar for the administrator; their previous one stops working. */
  async create(campaignId: string, administratorId: string): Promise<{ url: string }> {
    if (!(await this.campaigns.find(campaignId))) throw ApiError.notFound(`unknown campaign ${campaignId}`);
    const token = await this.feeds.create(campaignId, administratorId);
    return { url: `${this.settings.publicUrl}/calendar/${token}.ics` };
  }

  async revoke(campaignId: string, administratorId: string): Promise<void> {
    await this.feeds.revoke(campaignId, administratorId);
  }

  /** The feed behind `<token>.ics`, read from the read models at each fetch. */
  async feed(file: string): Promise<string> {
    const token = /^(.*)\.ics$/.exec(file)?.[1];
    const campaignId = token ? await this.feeds.resolve(token) : undefined;
    const campaign = campaignId ? await this.campaigns.find(campaignId) : undefined;
    if (!campaignId || !campaign) throw NO_FEED();
    const [launched, signatories] = await Promise.all([this.campaigns.launched(campaignId), this.campaigns.signatories(campaignId)]);
    const held = campaign.conference as { heldOn: string } | null;
    const planned = (launched?.definition as { conferenceDate?: string } | undefined)?.conferenceDate;
    const sessions = signatories.flatMap((s) => {
      // The body's latest session: announced (a session after an adjournment too), or the one it voted at.
      const days = [s.sessionDate, s.deliberation?.sessionDate].filter((d): d is string => typeof d === 'string').sort();
      const day = days[days.length - 1];
      return day ? [{ signatoryId: s.id, name: s.name, kind: s.kind, day, ...(s.deliberation ? { deliberation: s.deliberation } : {}) }] : [];
    });
    return campaignCalendar(
      {
        id: campaign.id,
        title: campaign.title,
        deliberationDeadline: campaign.deliberationDeadline,
        conferenceDay: held?.heldOn ?? planned,
        conferenceHeld: Boolean(held),
        sessions,
        updatedAt: campaign.updatedAt,
      },
      new URL(this.settings.publicUrl).hostname,
    );
  }
}
