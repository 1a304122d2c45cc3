import { Command } from 'commander';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { SignatoryKind, isEmail, slugify } from '@ctg/domain';
import { readEmailCsv } from '@ctg/territory';
import { CliError } from '../cli-error';
import { Context, contextOf } from '../context';
import { dayFrom, deadlineFrom } from '../dates';

interface CreateOptions {
  epci?: string;
  csv?: string;
  deadline: string;
  title?: string;
  id?: string;
  conferenceDate?: string;
  territoryName?: string;
  epciEmail?: string;
  cafEmail?: string;
  cafName?: string;
  departementEmail?: string;
  departementName?: string;
  msaEmail?: string;
  msaName?: string;
  emailsCsv?: string;
  emailTemplate?: string;
  reminderPolicy?: string;
  dryRun?: boolean;
}

interface Draft {
  id: string;
  kind: SignatoryKind;
  name: string;
  required: boolean;
  email: string | null;
}

interface Territory {
  name: string;
  siren?: string;
}

export interface CampaignSummary {
  id: string;
  title: string;
  territory: Territory;
  phase: string;
  blocked: boolean;
  deliberationDeadline: string;
  deadlinePassed: boolean;
  counts: { total: number; adopted: number; rejected: number; adjourned: number; pending: number; late: number };
}

const FINISHED = ['signed', 'cancelled'];

/** Signatories that owe a decision past the deadline: still pending, scheduled or adjourned. */
export function lateCount(c: CampaignSummary): number {
  if (!c.deadlinePassed || FINISHED.includes(c.phase)) return 0;
  return c.counts.pending + c.counts.adjourned;
}

/** `npm run` starts in the project's folder; a relative path means the folder the user typed it in (INIT_CWD). */
async function readText(option: string, path: string): Promise<string> {
  try {
    return await readFile(resolve(process.env.INIT_CWD ?? process.cwd(), path), 'utf8');
  } catch (error) {
    throw new CliError(`${option} ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
}

async function fromEpci(ctx: Context, o: CreateOptions): Promise<{ territory: Territory; signatories: Draft[] }> {
  const query = new URLSearchParams();
  if (o.cafEmail !== undefined || o.cafName !== undefined) query.set('caf', o.cafName ?? '');
  if (o.departementEmail !== undefined || o.departementName !== undefined) query.set('departement', o.departementName ?? '');
  if (o.msaEmail !== undefined || o.msaName !== undefined) {
    if (!o.msaName) throw new CliError('--msa-email needs --msa-name: the MSA is named by you (e.g. "MSA Midi-Pyrénées Sud")');
    query.set('msa', o.msaName);
  }
  const search = query.toString();
  const path = `/territories/epci/${encodeURIComponent(o.epci as string)}/signatories${search ? `?${search}` : ''}`;
  return ctx.api().get(path);
}

async function fromCsv(ctx: Context, o: CreateOptions): Promise<{ territory: Territory | null; signatories: Draft[] }> {
  const csv = await readText('--csv', o.csv as string);
  try {
    return await ctx.api().postCsv('/territories/signatories/csv', csv);
  } catch (error) {
    if (error instanceof CliError && (error.body as { statusCode?: number } | undefined)?.statusCode === 422) {
      const count = error.details.length;
      throw new CliError(`${o.csv}: ${count} problem${count > 1 ? 's' : ''}; no campaign was created`, error.details, error.body);
    }
    throw error;
  }
}

/** Fills in the e-mail addresses: options by kind, then --emails-csv, then the source's, then --email-template. */
async function fillEmails(signatories: Draft[], o: CreateOptions): Promise<void> {
  const byKind: Partial<Record<SignatoryKind, string | undefined>> = {
    epci: o.epciEmail,
    caf: o.cafEmail,
    departement: o.departementEmail,
    msa: o.msaEmail,
  };
  for (const [kind, email] of Object.entries(byKind)) {
    if (email !== undefined && !isEmail(email)) throw new CliError(`--${kind}-email ${email}: not an e-mail address`);
  }
  let fromFile = new Map<string, string>();
  if (o.emailsCsv) {
    const read = readEmailCsv(await readText('--emails-csv', o.emailsCsv));
    if (!read.ok) {
      throw new CliError(`--emails-csv ${o.emailsCsv}: ${read.problems.length} problem(s); no campaign was created`,
        read.problems.map((p) => `${p.line === null ? '' : `line ${p.line}: `}${p.field}: ${p.message}`));
    }
    const ids = new Set(signatories.map((s) => s.id));
    const strangers = [...read.emails.keys()].filter((id) => !ids.has(id));
    if (strangers.length) {
      throw new CliError(`--emails-csv ${o.emailsCsv}: ${strangers.length} id(s) are not signatories of this campaign: ${strangers.slice(0, 10).join(', ')}${strangers.length > 10 ? ', …' : ''}`);
    }
    fromFile = read.emails;
  }
  for (const s of signatories) {
    const template = o.emailTemplate?.replaceAll('{id}', s.id);
    s.email = byKind[s.kind] ?? fromFile.get(s.id) ?? s.email ?? template ?? null;
  }
  const bad = signatories.filter((s) => s.email !== null && !isEmail(s.email));
  if (bad.length) throw new CliError('bad e-mail addresses:', bad.map((s) => `${s.id} (${s.name}): ${s.email}`));
  const missing = signatories.filter((s) => s.email === null);
  if (missing.length) {
    throw new CliError(
      `${missing.length} signator${missing.length > 1 ? 'ies have' : 'y has'} no e-mail address; no campaign was created. ` +
        'Give them with --emails-csv FILE (columns id,email), --epci-email, --caf-email, --departement-email, --msa-email',
      [...missing.slice(0, 10).map((s) => `${s.id} ${s.name} (${s.kind})`), ...(missing.length > 10 ? [`… and ${missing.length - 10} more`] : [])],
    );
  }
}

async function create(ctx: Context, o: CreateOptions): Promise<void> {
  if (Boolean(o.epci) === Boolean(o.csv)) throw new CliError('give either --epci SIREN or --csv FILE');
  const deliberationDeadline = deadlineFrom(o.deadline);
  const conferenceDate = o.conferenceDate === undefined ? undefined : dayFrom('--conference-date', o.conferenceDate);
  const reminderPolicy = o.reminderPolicy === undefined ? undefined : parseJson('--reminder-policy', await readText('--reminder-policy', o.reminderPolicy));

  const progress = ctx.out.progress(3, o.epci ? `reading the communes of EPCI ${o.epci}` : `checking ${o.csv}`);
  try {
    const source = o.epci ? await fromEpci(ctx, o) : await fromCsv(ctx, o);
    progress.step('filling in the e-mail addresses');
    const signatories = source.signatories.map((s) => ({ id: s.id, kind: s.kind, name: s.name, required: s.required, email: s.email }));
    await fillEmails(signatories, o);
    const name = o.territoryName ?? source.territory?.name;
    if (!name) throw new CliError('the CSV has no line of kind epci to name the territory: give --territory-name');
    const territory: Territory = { name, ...(source.territory?.siren ? { siren: source.territory.siren } : {}) };
    const body = {
      id: o.id ?? defaultId(territory.name, deliberationDeadline),
      title: o.title ?? `Convention Territoriale Globale — ${territory.name}`,
      territory,
      ...(conferenceDate ? { conferenceDate } : {}),
      deliberationDeadline,
      signatories: signatories.map((s) => ({ id: s.id, kind: s.kind, name: s.name, email: s.email as string, required: s.required })),
      ...(reminderPolicy ? { reminderPolicy } : {}),
    };
    if (o.dryRun) {
      progress.stop();
      ctx.out.data(body);
      return;
    }
    progress.step(`creating the campaign with ${signatories.length} signatories`);
    // While the read model catches up, the API answers only {id, phase, workflowId}: the rest is what was sent.
    const { status, body: campaign } = await ctx.api().postWithStatus<{ id: string; phase: string; workflowId: string }>('/campaigns', body);
    progress.step('done');
    progress.stop();
    if (ctx.out.json) return ctx.out.data({ created: status === 201, ...campaign });
    const required = signatories.filter((s) => s.required).length;
    ctx.out.line(status === 201 ? `Campaign ${campaign.id} created (${campaign.phase})` : `Campaign ${campaign.id} already exists with this definition: nothing changed (${campaign.phase})`);
    ctx.out.line(`  territory    ${body.territory.name}${body.territory.siren ? ` (SIREN ${body.territory.siren})` : ''}`);
    ctx.out.line(`  signatories  ${signatories.length} (${required} required: ${signatories.filter((s) => s.required).map((s) => s.id).join(', ')})`);
    ctx.out.line(`  deadline     ${body.deliberationDeadline}`);
    ctx.out.line(`  workflow     ${campaign.workflowId}`);
  } finally {
    progress.stop();
  }
}

/** `ctg-pays-de-fayence-2026`, as `ctg-terres-du-lauragais-2023`: the territory without its legal form, and the deadline's year. */
export function defaultId(territoryName: string, deadline: string): string {
  const slug = slugify(territoryName).replace(/^(communaute-(de-communes|d-agglomeration|urbaine)|metropole)-((de-la|de-l|des|du|de|d)-)?/, '');
  return `ctg-${slug.slice(0, 70).replace(/-+$/, '')}-${deadline.slice(0, 4)}`;
}

function parseJson(option: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new CliError(`${option}: not JSON (${(error as Error).message})`);
  }
}

async function list(ctx: Context): Promise<void> {
  const { campaigns } = await ctx.api().get<{ campaigns: CampaignSummary[] }>('/campaigns');
  if (ctx.out.json) return ctx.out.data(campaigns.map((c) => ({ ...c, late: lateCount(c) })));
  if (campaigns.length === 0) return ctx.out.note('No campaign yet.');
  ctx.out.table(
    ['id', 'phase', 'adopted/total', 'late', 'deadline'],
    campaigns.map((c) => [c.id, c.blocked ? `${c.phase} (blocked)` : c.phase, `${c.counts.adopted}/${c.counts.total}`, lateCount(c), c.deliberationDeadline]),
  );
}

export function campaignsCommand(): Command {
  const campaigns = new Command('campaigns').description('create and list campaigns');
  campaigns
    .command('create')
    .description('create and start a campaign from an EPCI (its communes from INSEE data) or from a signatories CSV')
    .option('--epci <siren>', 'SIREN of the EPCI: the EPCI (required) and each member commune become signatories')
    .option('--csv <file>', 'signatories CSV (id,kind,name,insee_code,siren,siret,population,postal_code,required,email)')
    .requiredOption('--deadline <date>', 'deliberation deadline: a day (end of day in Paris) or a timestamp with offset')
    .option('--title <text>', 'title (default: "Convention Territoriale Globale — <territory>")')
    .option('--id <slug>', 'campaign id (default: ctg-<territory>-<year of the deadline>)')
    .option('--conference-date <day>', "planned day of the mayors' conference")
    .option('--territory-name <name>', 'name of the territory (default: the EPCI)')
    .option('--epci-email <email>', "the EPCI's e-mail address")
    .option('--caf-email <email>', 'adds the CAF (required signatory) with this address')
    .option('--caf-name <name>', 'name of the CAF (default: the CAF of the main department)')
    .option('--departement-email <email>', 'adds the Conseil départemental with this address')
    .option('--departement-name <name>', 'name of the council (default: that of the main department)')
    .option('--msa-email <email>', 'adds the MSA with this address (needs --msa-name)')
    .option('--msa-name <name>', 'name of the MSA, e.g. "MSA Midi-Pyrénées Sud"')
    .option('--emails-csv <file>', 'e-mail addresses by signatory: a CSV with the columns id and email')
    .option('--email-template <pattern>', 'for signatories still without one, e.g. "mairie-{id}@example.org" (demos, tests)')
    .option('--reminder-policy <file>', 'reminder policy as JSON (default: that of API.md)')
    .option('--dry-run', 'print the body of POST /campaigns without creating anything')
    .action((o: CreateOptions, command: Command) => create(contextOf(command), o));
  campaigns
    .command('list')
    .description('campaigns with their phase, progress and late signatories')
    .action((_: unknown, command: Command) => list(contextOf(command)));
  return campaigns;
}
