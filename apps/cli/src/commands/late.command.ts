import { Command } from 'commander';
import { contextOf } from '../context';
import { CampaignSummary, lateCount } from './campaigns.command';

interface SignatoryRow {
  id: string;
  name: string;
  kind: string;
  required: boolean;
  status: string;
  sessionDate: string | null;
  remindersSent: number;
  lastReminderAt: string | null;
}

const UNDECIDED = ['pending', 'scheduled', 'adjourned'];

export function lateCommand(): Command {
  return new Command('late')
    .description("a campaign's late signatories: no final decision (adopted or rejected) once the deadline has passed")
    .argument('<campaign>', 'campaign id')
    .action(async (campaignId: string, _: unknown, command: Command) => {
      const ctx = contextOf(command);
      const id = encodeURIComponent(campaignId);
      const campaign = await ctx.api().get<CampaignSummary>(`/campaigns/${id}`);
      const { signatories } = await ctx.api().get<{ signatories: SignatoryRow[] }>(`/campaigns/${id}/signatories`);
      const late = lateCount(campaign) === 0 ? [] : signatories.filter((s) => UNDECIDED.includes(s.status));
      if (ctx.out.json) {
        return ctx.out.data({ campaignId: campaign.id, phase: campaign.phase, deliberationDeadline: campaign.deliberationDeadline, deadlinePassed: campaign.deadlinePassed, late });
      }
      if (late.length === 0) {
        const undecided = signatories.filter((s) => UNDECIDED.includes(s.status)).length;
        const why = campaign.deadlinePassed ? `phase ${campaign.phase}` : `the deadline (${campaign.deliberationDeadline}) has not passed; ${undecided} signatories have not decided yet`;
        return ctx.out.note(`No late signatory in ${campaign.id}: ${why}.`);
      }
      ctx.out.table(
        ['id', 'name', 'kind', 'required', 'status', 'session', 'reminders', 'last reminder'],
        late.map((s) => [s.id, s.name, s.kind, s.required ? 'yes' : 'no', s.status, s.sessionDate ?? '', s.remindersSent, s.lastReminderAt ?? '']),
      );
      ctx.out.note(`${late.length} late signator${late.length > 1 ? 'ies' : 'y'} in ${campaign.id} (deadline ${campaign.deliberationDeadline}).`);
    });
}
