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

/**
 * Loads the demo once: the Terres du Lauragais campaign (62 signatories, its convention attached,
 * the conference still to record) and a small campaign whose reminders run in minutes, so the mail sink shows them.
 */
export async function loadDemoCampaigns(baseUrl: string, admin: { email: string; password: string }): Promise<string[]> {
  const login = await call(baseUrl, 'POST', '/auth/login', undefined, admin);
  if (login.status !== 200) throw new Error(`demo: login failed (${login.status})`);
  const token = login.body.accessToken as string;
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
  return loaded;
}
