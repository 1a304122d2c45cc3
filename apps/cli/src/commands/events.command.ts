import { Command } from 'commander';
import { contextOf } from '../context';

interface EventsPage {
  events: unknown[];
  next: number | null;
}

export function eventsCommand(): Command {
  const events = new Command('events').description("a campaign's audit trail");
  events
    .command('export')
    .description('the whole audit trail, oldest first, on stdout: JSON (one event a line) or CSV')
    .argument('<campaign>', 'campaign id')
    .option('--csv', 'as CSV (formula-like cells neutralised by the API)')
    .action(async (campaignId: string, o: { csv?: boolean }, command: Command) => {
      const ctx = contextOf(command);
      const id = encodeURIComponent(campaignId);
      if (o.csv) return void process.stdout.write(await ctx.api().text(`/campaigns/${id}/events.csv`));
      const all: unknown[] = [];
      for (let after: number | null = 0; after !== null; ) {
        const page: EventsPage = await ctx.api().get<EventsPage>(`/campaigns/${id}/events?after=${after}&limit=1000`);
        all.push(...page.events);
        after = page.next;
      }
      process.stdout.write(all.length ? `[\n${all.map((e) => JSON.stringify(e)).join(',\n')}\n]\n` : '[]\n');
      ctx.out.note(`${all.length} events exported from ${campaignId}.`);
    });
  return events;
}
