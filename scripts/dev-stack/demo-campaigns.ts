import PDFDocument from 'pdfkit';
import { terresDuLauragaisCampaign } from '@ctg/reference-data/terres-du-lauragais';

const DAY_MS = 86_400_000;

async function call(baseUrl: string, method: string, path: string, token?: string, body?: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

/** A stand-in for the convention, so the demo's secretaries have a document to open and its draft a version to cite. */
function demoConventionPdf(title: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ info: { Title: title } });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.fontSize(18).text(title, { align: 'center' });
    doc.moveDown().fontSize(11).text('Document de démonstration : il tient la place de la convention que la CAF et la communauté de communes diffusent aux signataires.');
    doc.moveDown().text('Article 1 — Objet. La présente convention définit le projet social de territoire et les modalités de son pilotage.');
    doc.moveDown().text('Article 2 — Durée. Elle est conclue pour cinq ans à compter de sa signature.');
    doc.end();
  });
}

async function attachDemoConvention(baseUrl: string, token: string, campaignId: string, title: string): Promise<void> {
  const form = new FormData();
  form.append('kind', 'convention');
  form.append('file', new Blob([await demoConventionPdf(title)], { type: 'application/pdf' }), 'convention-territoriale-globale.pdf');
  const response = await fetch(`${baseUrl}/campaigns/${campaignId}/documents`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
  if (response.status >= 300) throw new Error(`demo: the convention was refused (${response.status} ${await response.text()})`);
}

/** The demo's second organisation, beside the CAF (the first administrator's): the EPCI that co-runs the CTG. */
const DEMO_EPCI = { siren: '200071298', name: 'Communauté de communes des Terres du Lauragais', kind: 'epci' };
/** The demo's accounts' password: a local development value, like ADMIN_PASSWORD's default. */
export const DEMO_PASSWORD = 'demo-ctg-local';

export interface DemoAccount {
  email: string;
  organisation: string;
  role: 'manager' | 'observer';
}

/**
 * The demo's organisations and people (fictitious addresses): a manager and an observer of the
 * CAF de la Haute-Garonne (the first organisation) and of the CC des Terres du Lauragais. Each
 * step is skipped when already done, so a second start changes nothing.
 */
async function loadDemoOrganisations(baseUrl: string, token: string, caf: { siren: string; name: string }): Promise<DemoAccount[]> {
  const created = await call(baseUrl, 'POST', '/organisations', token, DEMO_EPCI);
  if (created.status !== 201 && created.status !== 409) throw new Error(`demo: the EPCI was refused (${created.status} ${JSON.stringify(created.body)})`);
  const accounts: (DemoAccount & { siren: string })[] = [
    { email: 'responsable@caf31.example.org', siren: caf.siren, organisation: caf.name, role: 'manager' },
    { email: 'observateur@caf31.example.org', siren: caf.siren, organisation: caf.name, role: 'observer' },
    { email: 'responsable@cc-terres-du-lauragais.example.org', siren: DEMO_EPCI.siren, organisation: DEMO_EPCI.name, role: 'manager' },
    { email: 'observateur@cc-terres-du-lauragais.example.org', siren: DEMO_EPCI.siren, organisation: DEMO_EPCI.name, role: 'observer' },
  ];
  for (const account of accounts) {
    const added = await call(baseUrl, 'POST', '/administrators', token, { email: account.email, password: DEMO_PASSWORD });
    if (added.status !== 201 && added.status !== 409) throw new Error(`demo: the account ${account.email} was refused (${added.status})`);
    const member = await call(baseUrl, 'PUT', `/organisations/${account.siren}/members/${encodeURIComponent(account.email)}`, token, { role: account.role });
    if (member.status !== 200) throw new Error(`demo: ${account.email} could not join ${account.organisation} (${member.status} ${JSON.stringify(member.body)})`);
  }
  return accounts.map(({ email, organisation, role }) => ({ email, organisation, role }));
}

/**
 * Loads the demo once: the Terres du Lauragais campaign (62 signatories, its convention attached,
 * the conference still to record) and a small campaign whose reminders run in minutes, so the mail sink shows them.
 */
export async function loadDemo(baseUrl: string, admin: { email: string; password: string }): Promise<{ campaigns: string[]; accounts: DemoAccount[] }> {
  const login = await call(baseUrl, 'POST', '/auth/login', undefined, admin);
  if (login.status !== 200) throw new Error(`demo: login failed (${login.status})`);
  const token = login.body.accessToken as string;
  const me = await call(baseUrl, 'GET', '/auth/me', token);
  const caf = (me.body.organisations as { siren: string; name: string; role: string }[]).find((o) => o.role === 'manager');
  if (!caf) throw new Error(`demo: ${admin.email} manages no organisation (FIRST_ORGANISATION_* unset?)`);
  const accounts = await loadDemoOrganisations(baseUrl, token, caf);
  const loaded: string[] = [];

  const lauragais = terresDuLauragaisCampaign({
    // The real campaign ran in 2023; the demo's deadline is four months from its first start.
    conferenceDate: new Date(Date.now() + 7 * DAY_MS).toISOString().slice(0, 10),
    deliberationDeadline: new Date(Date.now() + 120 * DAY_MS).toISOString(),
  });
  if ((await call(baseUrl, 'GET', `/campaigns/${lauragais.id}`, token)).status === 404) {
    const created = await call(baseUrl, 'POST', '/campaigns', token, lauragais);
    if (created.status >= 300) throw new Error(`demo: ${created.status} ${JSON.stringify(created.body)}`);
    await attachDemoConvention(baseUrl, token, lauragais.id as string, lauragais.title);
  }
  // The CAF launched it; the communauté de communes co-runs it.
  const shared = await call(baseUrl, 'PUT', `/campaigns/${lauragais.id}/organisations/${DEMO_EPCI.siren}`, token);
  if (shared.status !== 200) throw new Error(`demo: the campaign could not be shared with the EPCI (${shared.status})`);
  loaded.push(lauragais.id as string);

  const remindersId = 'demo-relances';
  if ((await call(baseUrl, 'GET', `/campaigns/${remindersId}`, token)).status === 404) {
    const signatories = terresDuLauragaisCampaign().signatories.slice(0, 4);
    const created = await call(baseUrl, 'POST', '/campaigns', token, {
      id: remindersId,
      title: 'Démonstration des relances (échéance dans 3 minutes)',
      territory: { name: 'Communauté de communes des Terres du Lauragais', siren: '200071298' },
      deliberationDeadline: new Date(Date.now() + 3 * 60_000).toISOString(),
      signatories,
      reminderPolicy: { before: ['PT2M', 'PT1M'], overdueEvery: 'PT1M', overdueMax: 2, escalateFrom: 3, businessDaysOnly: false },
    });
    if (created.status >= 300) throw new Error(`demo: ${created.status} ${JSON.stringify(created.body)}`);
    await call(baseUrl, 'POST', `/campaigns/${remindersId}/conference`, token, { heldOn: new Date().toISOString().slice(0, 10) });
  }
  loaded.push(remindersId);
  return { campaigns: loaded, accounts };
}
