import { Command } from 'commander';
import { contextOf } from '../context';
import { dayFrom } from '../dates';
import { CampaignSummary } from './campaigns.command';

export function conferenceCommand(): Command {
  return new Command('conference')
    .description("record that the mayors' conference took place: deliberations open")
    .argument('<campaign>', 'campaign id')
    .requiredOption('--held-on <day>', 'day of the conference (YYYY-MM-DD)')
    .option('--notes <text>', 'notes about the conference')
    .action(async (campaignId: string, o: { heldOn: string; notes?: string }, command: Command) => {
      const ctx = contextOf(command);
      const body = { heldOn: dayFrom('--held-on', o.heldOn), ...(o.notes ? { notes: o.notes } : {}) };
      // While the read model catches up, the API answers only {id, phase, workflowId}.
      const campaign = await ctx.api().post<Partial<CampaignSummary> & { id: string; phase: string }>(`/campaigns/${encodeURIComponent(campaignId)}/conference`, body);
      if (ctx.out.json) return ctx.out.data(campaign);
      const todo = campaign.counts ? `, ${campaign.counts.total} signatories to deliberate by ${campaign.deliberationDeadline}` : '';
      ctx.out.line(`Conference of ${body.heldOn} recorded for ${campaign.id}: phase ${campaign.phase}${todo}`);
    });
}
