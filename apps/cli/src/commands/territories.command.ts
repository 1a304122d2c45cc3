import { Command } from 'commander';
import { contextOf } from '../context';

interface Preview {
  territory: { name: string; siren: string; population: number; departement: { code: string; name: string }; departements: string[]; source: string };
  signatories: { id: string; kind: string; name: string; required: boolean; population: number | null }[];
}

/** `--caf` alone asks for the default name, `--caf "CAF de …"` for that one. */
function partnerQuery(o: { caf?: string | true; departement?: string | true; msa?: string }): string {
  const query = new URLSearchParams();
  for (const key of ['caf', 'departement', 'msa'] as const) {
    const value = o[key];
    if (value !== undefined) query.set(key, value === true ? '' : value);
  }
  const text = query.toString();
  return text ? `?${text}` : '';
}

export function territoriesCommand(): Command {
  const territories = new Command('territories').description('signatories from public data');
  territories
    .command('preview')
    .description("an EPCI's proposed signatories (INSEE data); --csv gives a file to fill in for `campaigns create --csv`")
    .argument('<siren>', "the EPCI's SIREN")
    .option('--caf [name]', 'add the CAF (default name: that of the main department)')
    .option('--departement [name]', 'add the Conseil départemental (default name: that of the main department)')
    .option('--msa <name>', 'add the MSA with this name')
    .option('--csv', 'as CSV, e-mail column blank')
    .action(async (siren: string, o: { caf?: string | true; departement?: string | true; msa?: string; csv?: boolean }, command: Command) => {
      const ctx = contextOf(command);
      const path = `/territories/epci/${encodeURIComponent(siren)}/signatories`;
      if (o.csv) return void process.stdout.write(await ctx.api().text(`${path}.csv${partnerQuery(o)}`));
      const preview = await ctx.api().get<Preview>(`${path}${partnerQuery(o)}`);
      if (ctx.out.json) return ctx.out.data(preview);
      const t = preview.territory;
      ctx.out.line(`${t.name} (SIREN ${t.siren}), population ${t.population}, department ${t.departement.code} ${t.departement.name}`);
      ctx.out.table(
        ['id', 'kind', 'name', 'required', 'population'],
        preview.signatories.map((s) => [s.id, s.kind, s.name, s.required ? 'yes' : 'no', s.population ?? '']),
      );
      ctx.out.note(`${preview.signatories.length} signatories, from ${t.source}; e-mail addresses to fill in.`);
    });
  return territories;
}
