import { JwtService } from '@nestjs/jwt';
import { createHash } from 'node:crypto';
import type { Response } from 'supertest';
import { DEVELOPMENT_DEFAULTS, DEVELOPMENT_FIRST_ORGANISATION } from '../apps/api/src/api-settings';
import { adopted, inDays, randomSiren, rejected, smallCampaign, uniqueId } from './fixtures/campaigns';
import { ERROR_SCHEMA_REF, OpenApiDocument, undeclared } from './support/openapi';
import { writtenPdf } from './fixtures/pdf-files';
import { TestApp, eventually, startTestApp } from './support/test-app';

/**
 * Who may do what (API.md, issue 4): every route × every kind of caller, driven by one table.
 * 401 without valid credentials, 403 outside one's scope, the domain's own answer otherwise; and
 * wherever the answer is an error, nothing was written (events, campaigns, links).
 */

const ADMIN_EMAIL = DEVELOPMENT_DEFAULTS.ADMIN_EMAIL;
const ADMIN_PASSWORD = DEVELOPMENT_DEFAULTS.ADMIN_PASSWORD;
const LOCAL_IP = /^(::ffff:)?127\.0\.0\.1$|^::1$/;
const S = 'commune-1';
const T = 'commune-2';

/** The callers, in the order each row is played: refusals first, the administrator last (a link or a cancellation changes what follows). */
const CALLERS = [
  'none',
  'tamperedJwt',
  'forgedJwt',
  'expiredJwt',
  'tamperedLink',
  'expiredLink',
  'revokedLink',
  'foreignSecretary',
  'otherSecretary',
  'ownSecretary',
  'forwardedLink',
  'operator',
  'otherOrganisationManager',
  'observer',
  'partnerObserver',
  'partnerManager',
  'admin',
] as const;
type Caller = (typeof CALLERS)[number];

const CALLER_LABEL: Record<Caller, string> = {
  none: 'no token',
  tamperedJwt: 'admin JWT with one signature byte changed',
  forgedJwt: 'admin JWT signed with another secret',
  expiredJwt: 'admin JWT past its exp',
  tamperedLink: 'own sl_ token with one character changed',
  expiredLink: "this signatory's link, expired",
  revokedLink: "this signatory's link, revoked by a newer one",
  foreignSecretary: 'secretary of the same signatory id in another campaign',
  otherSecretary: "another signatory's secretary (same campaign)",
  ownSecretary: "this signatory's secretary",
  forwardedLink: "this signatory's link, forwarded by its secretary to the mayor",
  operator: "the installation's operator, member of no organisation",
  otherOrganisationManager: 'manager of an organisation the campaign is not shared with',
  observer: "observer of the campaign's organisation",
  partnerObserver: 'observer of a partner organisation',
  partnerManager: 'manager of a partner organisation',
  admin: "manager of the campaign's organisation (and operator)",
};

/** The administrators' columns beside the one the table gives (`admin`, the owner's manager). */
const ORGANISATION_CALLERS = ['operator', 'otherOrganisationManager', 'observer', 'partnerObserver', 'partnerManager'] as const;
type OrganisationCaller = (typeof ORGANISATION_CALLERS)[number];

interface Ctx {
  id: string;
  tokens: Record<Caller, string | undefined>;
}

interface Row {
  route: string;
  method: 'get' | 'post' | 'put' | 'delete';
  path: (c: Ctx) => string;
  body?: (c: Ctx) => object;
  /** A multipart upload instead of a JSON body: a PDF and its text fields. */
  upload?: () => { file: Buffer; fields?: Record<string, string> };
  /** A campaign of its own, because the row changes it (or its links). */
  fresh?: boolean;
  prepare?: (c: Ctx) => Promise<void>;
  /** Waits for what the row set going after its answers, so that the next row's snapshots see none of it. */
  settle?: (c: Ctx) => Promise<void>;
  expected: Record<Caller, number>;
  /** The administrators' columns where the rule below (organisationColumns) does not give them. */
  organisations?: Partial<Record<OrganisationCaller, number>>;
  check?: (who: Caller, res: Response, c: Ctx) => void;
}

/** The campaigns' owner is the default administrator's organisation; the partner, the other and the third are this run's. */
const OWNER_SIREN = DEVELOPMENT_FIRST_ORGANISATION.siren;
const PARTNER = { siren: randomSiren(), name: 'Partenaire (matrice)', kind: 'epci' };
const OTHER = { siren: randomSiren(), name: 'Autre organisation (matrice)', kind: 'epci' };
const THIRD = { siren: randomSiren(), name: 'Troisième organisation (matrice)', kind: 'msa' };
/** A route of the installation's operator: every other administrator is refused. */
const OPERATOR_ONLY = { otherOrganisationManager: 403, observer: 403, partnerObserver: 403, partnerManager: 403 };

/** A route of an organisation's managers (and the operator): the partner's observer is refused, a stranger to it finds no such organisation. */
const ORGANISATION_MANAGERS_ONLY = { otherOrganisationManager: 404, observer: 404, partnerObserver: 403 };
/** Loopback's discard port over HTTPS: allowed outside production, and whatever the relay sends there goes nowhere. */
const MATRIX_WEBHOOK_URL = 'https://127.0.0.1:9/matrix';

const INVALID: Caller[] = ['none', 'tamperedJwt', 'forgedJwt', 'expiredJwt', 'tamperedLink', 'expiredLink', 'revokedLink'];

function allAs(status: number): Record<Caller, number> {
  return Object.fromEntries(CALLERS.map((c) => [c, status])) as Record<Caller, number>;
}

/** Invalid credentials get 401; the four valid callers get what the route's rule gives them (the other administrators: organisationColumns). */
function rule(admin: number, own: number, other: number, foreign: number): Record<Caller, number> {
  const expected = allAs(401);
  const administrators = Object.fromEntries(ORGANISATION_CALLERS.map((c) => [c, admin]));
  return { ...expected, ...administrators, admin, ownSecretary: own, forwardedLink: own, otherSecretary: other, foreignSecretary: foreign };
}

/**
 * On a campaign's routes, the administrators other than its owner's manager: a partner's manager
 * gets what the owner's does; an observer, of either, reads (GET) as a manager does and is refused
 * any change (403); the manager of an organisation it is not shared with, and the operator who
 * belongs to none, find no such campaign (404). A route the table gives every administrator the
 * same answer (a signature link's own, 403) stays so. Elsewhere the table's column holds, unless
 * the row says otherwise.
 */
function organisationColumns(row: Row): Record<Caller, number> {
  const [method, path] = row.route.split(' ');
  const admin = row.expected.admin;
  const onCampaign = path.startsWith('/campaigns/:id') && admin !== 403;
  const derived: Record<OrganisationCaller, number> = onCampaign
    ? { partnerManager: admin, observer: method === 'GET' ? admin : 403, partnerObserver: method === 'GET' ? admin : 403, otherOrganisationManager: 404, operator: 404 }
    : (Object.fromEntries(ORGANISATION_CALLERS.map((c) => [c, row.expected[c]])) as Record<OrganisationCaller, number>);
  return { ...row.expected, ...derived, ...row.organisations };
}
const adminOnly = (status: number) => rule(status, 403, 403, 403);

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** One signature byte flipped: same header and claims, a signature that no longer matches. */
function tamperJwt(token: string): string {
  const [header, payload, signature] = token.split('.');
  const bytes = Buffer.from(signature, 'base64url');
  bytes[7] ^= 0x01;
  return `${header}.${payload}.${bytes.toString('base64url')}`;
}

/** One character changed in the middle of a personal link token (still well formed). */
function tamperLink(token: string): string {
  const i = 20;
  const replacement = token[i] === 'A' ? 'B' : 'A';
  return token.slice(0, i) + replacement + token.slice(i + 1);
}

describe('access matrix: every route × every kind of caller', () => {
  let t: TestApp;
  let shared: Ctx;
  let common: Pick<Record<Caller, string>, 'foreignSecretary' | 'tamperedJwt' | 'forgedJwt' | 'expiredJwt' | OrganisationCaller>;
  let administrators: Record<OrganisationCaller, string>;
  let cells = 0;
  let conventionPdf: Buffer;
  let actPdf: Buffer;
  let serverErrors = 0;
  /** Every answer played, to compare with what the served document declares. */
  const answers: { method: string; url: string; status: number }[] = [];
  const admin = () => ({ Authorization: `Bearer ${t.adminToken}` });
  let matrixWebhook = '';
  let matrixDelivery = '';

  /** The administrators the rows on accounts act on, one each, so that the default one is never touched. */
  const MATRIX_ADMINS = Object.fromEntries(['disabled', 'enabled', 'removed', 'member', 'leaving'].map((role) => [role, `${uniqueId(`matrix-${role}`)}@example.org`]));

  /**
   * The partner, the other and the third organisations, and one account per administrators'
   * column: their access tokens. The operator who belongs to no organisation is named in the
   * database, as an installation names its operators.
   */
  async function organisationsOfTheMatrix(): Promise<Record<OrganisationCaller, string>> {
    for (const organisation of [PARTNER, OTHER, THIRD]) await t.http.post('/organisations').set(admin()).send(organisation).expect(201);
    const memberships: Record<OrganisationCaller, [string, string] | undefined> = {
      operator: undefined,
      otherOrganisationManager: [OTHER.siren, 'manager'],
      observer: [OWNER_SIREN, 'observer'],
      partnerObserver: [PARTNER.siren, 'observer'],
      partnerManager: [PARTNER.siren, 'manager'],
    };
    const tokens = {} as Record<OrganisationCaller, string>;
    for (const who of ORGANISATION_CALLERS) {
      const email = `${uniqueId(`matrix-${who.toLowerCase()}`)}@example.org`;
      await addAdministrator(email);
      const membership = memberships[who];
      if (membership) await t.http.put(`/organisations/${membership[0]}/members/${email}`).set(admin()).send({ role: membership[1] }).expect(200);
      else await t.dataSource.query(`UPDATE administrator SET operator = true WHERE email = $1`, [email]);
      tokens[who] = (await t.http.post('/auth/login').send({ email, password: 'a-long-enough-password' }).expect(200)).body.accessToken;
    }
    return tokens;
  }

  /** An endpoint of the partner, registered by the operator, for the rows on one endpoint. */
  async function partnerWebhook(): Promise<string> {
    return (await t.http.post(`/organisations/${PARTNER.siren}/webhooks`).set(admin()).send({ url: MATRIX_WEBHOOK_URL }).expect(201)).body.id;
  }

  /** A row on one endpoint of the partner, registered afresh for it: `…/webhooks/:webhookId` and `suffix`. */
  function onAPartnerWebhook(method: Row['method'], suffix: string, status: number): Row {
    const tail = suffix ? `/${suffix}` : '';
    return {
      route: `${method.toUpperCase()} /organisations/:siren/webhooks/:webhookId${tail}`,
      method,
      prepare: async () => void (matrixWebhook = await partnerWebhook()),
      path: () => `/organisations/${PARTNER.siren}/webhooks/${matrixWebhook}${tail}`,
      expected: adminOnly(status),
      organisations: ORGANISATION_MANAGERS_ONLY,
    };
  }

  async function addAdministrator(email: string): Promise<void> {
    await t.http.post('/administrators').set(admin()).send({ email, password: 'a-long-enough-password' }).expect(201);
  }

  async function issueLink(id: string, sid: string): Promise<string> {
    const res = await t.http.post(`/campaigns/${id}/signatories/${sid}/link`).set(admin()).expect(201);
    expect(res.body.token).toMatch(/^sl_[A-Za-z0-9_-]{43}$/);
    return res.body.token;
  }

  async function openCampaign(): Promise<string> {
    const body = smallCampaign(3);
    await t.http.post('/campaigns').set(admin()).send(body).expect(201);
    await t.http.put(`/campaigns/${body.id}/organisations/${PARTNER.siren}`).set(admin()).expect(200);
    await t.http.post(`/campaigns/${body.id}/conference`).set(admin()).send({ heldOn: '2023-06-13' }).expect(200);
    return body.id as string;
  }

  /** The link the secretary forwards to the mayor, as the mayor reads it in their e-mail. */
  async function forwardedLink(id: string, own: string): Promise<string> {
    const mayor = `maire-${id}@example.org`;
    await t.http.post(`/campaigns/${id}/signatories/${S}/link/forward`).set('Authorization', `Bearer ${own}`).send({ name: 'Marie Dupont', email: mayor }).expect(202);
    return eventually(() => {
      const token = /\/deliberation\?token=(sl_[\w-]{43})/.exec(t.mail.mails.find((m) => m.to.includes(mayor))?.text ?? '')?.[1];
      if (!token) throw new Error(`no link e-mailed to ${mayor} yet`);
      return token;
    });
  }

  /** A campaign in deliberation, with the links of every column. */
  async function context(): Promise<Ctx> {
    const id = await openCampaign();
    const revoked = await issueLink(id, S);
    const expired = await issueLink(id, S);
    const own = await issueLink(id, S);
    const other = await issueLink(id, T);
    // The expired link: past its expiry, but not revoked, as a link that simply ran out is.
    const updated = await t.dataSource.query(
      `UPDATE signatory_link SET expires_at = now() - interval '1 day', revoked_at = NULL WHERE token_hash = $1 RETURNING id`,
      [sha256(expired)],
    );
    // TypeORM answers an UPDATE with [rows, affected].
    expect(Array.isArray(updated[0]) ? updated[0] : updated).toHaveLength(1);
    const [revokedRow] = await t.dataSource.query(`SELECT revoked_at FROM signatory_link WHERE token_hash = $1`, [sha256(revoked)]);
    expect(revokedRow.revoked_at).not.toBeNull();
    const forwarded = await forwardedLink(id, own);
    return {
      id,
      tokens: {
        none: undefined,
        admin: t.adminToken,
        ownSecretary: own,
        forwardedLink: forwarded,
        otherSecretary: other,
        expiredLink: expired,
        revokedLink: revoked,
        tamperedLink: tamperLink(own),
        ...common,
      },
    };
  }

  async function snapshot(id: string) {
    const [row] = await t.dataSource.query(
      `SELECT (SELECT count(*)::int FROM campaign_event WHERE campaign_id = $1) AS "campaignEvents",
              (SELECT count(*)::int FROM campaign_event) AS "allEvents",
              (SELECT count(*)::int FROM campaign_view) AS campaigns,
              (SELECT count(*)::int FROM signatory_link) AS links,
              (SELECT count(*)::int FROM signatory_link WHERE revoked_at IS NOT NULL) AS "revokedLinks",
              (SELECT count(*)::int FROM administrator) AS administrators,
              (SELECT count(*)::int FROM organisation) AS organisations,
              (SELECT count(*)::int FROM organisation_member) AS members,
              (SELECT count(*)::int FROM campaign_organisation) AS "campaignHolders",
              (SELECT count(*)::int FROM invitation WHERE accepted_at IS NULL) AS invitations,
              (SELECT count(*)::int FROM stored_document) AS "storedDocuments",
              (SELECT md5(COALESCE(string_agg(id || secret || enabled, ',' ORDER BY id), '')) FROM webhook_endpoint) AS webhooks`,
      [id],
    );
    return row;
  }

  function send(row: Row, c: Ctx, who: Caller) {
    let req = t.http[row.method](row.path(c)).timeout({ response: 30_000 });
    const token = c.tokens[who];
    if (token) req = req.set('Authorization', `Bearer ${token}`);
    if (row.upload) {
      const { file, fields = {} } = row.upload();
      for (const [name, value] of Object.entries(fields)) req = req.field(name, value);
      return req.attach('file', file, { filename: 'document.pdf', contentType: 'application/pdf' });
    }
    return row.body ? req.send(row.body(c)) : req;
  }

  /** Attaches the convention and the body's act, as an administrator, for the rows that read them. */
  async function withDocuments(c: Ctx): Promise<void> {
    await t.http.post(`/campaigns/${c.id}/documents`).set(admin()).field('kind', 'convention').field('reason', 'diffusion')
      .attach('file', conventionPdf, { filename: 'convention.pdf', contentType: 'application/pdf' }).expect(201);
    await t.http.post(`/campaigns/${c.id}/signatories/${S}/acts`).set(admin())
      .attach('file', actPdf, { filename: 'acte.pdf', contentType: 'application/pdf' }).expect(201);
  }

  const ROWS: Row[] = [
    {
      route: 'POST /campaigns/:id/documents',
      method: 'post',
      fresh: true,
      upload: () => ({ file: conventionPdf, fields: { kind: 'convention', reason: 'diffusion' } }),
      expected: adminOnly(201),
      check: (who, res) => {
        if (who === 'admin') expect(res.body).toMatchObject({ recorded: true, document: { id: 'convention' }, version: { version: 1 } });
      },
      path: (c) => `/campaigns/${c.id}/documents`,
    },
    {
      route: 'GET /campaigns/:id/documents',
      method: 'get',
      path: (c) => `/campaigns/${c.id}/documents`,
      expected: rule(200, 200, 200, 403),
    },
    {
      route: 'GET /campaigns/:id/documents/:documentId',
      method: 'get',
      fresh: true,
      prepare: withDocuments,
      path: (c) => `/campaigns/${c.id}/documents/convention`,
      expected: rule(200, 200, 200, 403),
    },
    {
      route: 'GET /campaigns/:id/acts.zip',
      method: 'get',
      fresh: true,
      prepare: withDocuments,
      path: (c) => `/campaigns/${c.id}/acts.zip`,
      expected: adminOnly(200),
    },
    { route: 'GET /campaigns/:id/draft-template', method: 'get', path: (c) => `/campaigns/${c.id}/draft-template`, expected: adminOnly(200) },
    {
      route: 'PUT /campaigns/:id/draft-template',
      method: 'put',
      fresh: true,
      path: (c) => `/campaigns/${c.id}/draft-template`,
      body: () => ({ text: 'Le conseil de {{collectivite}} approuve la convention.' }),
      expected: adminOnly(200),
    },
    {
      route: 'GET /campaigns/:id/signatories/:sid/draft-deliberation',
      method: 'get',
      path: (c) => `/campaigns/${c.id}/signatories/${S}/draft-deliberation`,
      expected: rule(200, 200, 403, 403),
    },
    {
      route: 'POST /campaigns/:id/signatories/:sid/acts',
      method: 'post',
      fresh: true,
      path: (c) => `/campaigns/${c.id}/signatories/${S}/acts`,
      upload: () => ({ file: actPdf }),
      // The secretary sends the act; the administrator's same file afterwards is the same act.
      expected: rule(201, 201, 403, 403),
      // The partner's manager uploads to a campaign of its own, where the act is new.
      check: (who, res) => expect(res.body.recorded).toBe(who === 'ownSecretary' || who === 'partnerManager'),
    },
    {
      route: 'GET /campaigns/:id/signatories/:sid/acts/:version',
      method: 'get',
      fresh: true,
      prepare: withDocuments,
      path: (c) => `/campaigns/${c.id}/signatories/${S}/acts/1`,
      expected: rule(200, 200, 403, 403),
    },
    { route: 'GET /campaigns/:id/signature', method: 'get', path: (c) => `/campaigns/${c.id}/signature`, expected: adminOnly(200) },
    {
      route: 'PUT /campaigns/:id/signatories/:sid/signing-authority',
      method: 'put',
      fresh: true,
      path: (c) => `/campaigns/${c.id}/signatories/${S}/signing-authority`,
      body: () => ({ name: 'Marie Dupont', capacity: 'le Maire' }),
      // The secretary names it; the administrator's same name afterwards records nothing new.
      expected: rule(200, 200, 403, 403),
      check: (who, res) => expect(res.body.signingAuthority).toMatchObject({ name: 'Marie Dupont', capacity: 'le Maire' }),
    },
    {
      // Deliberations under way: the campaign's answer is a conflict, reached by administrators only.
      route: 'POST /campaigns/:id/signature/circulation',
      method: 'post',
      path: (c) => `/campaigns/${c.id}/signature/circulation`,
      body: () => ({ signingBodies: 'adopting' }),
      expected: adminOnly(409),
    },
    {
      route: 'POST /campaigns/:id/signatories/:sid/signature-link/send',
      method: 'post',
      path: (c) => `/campaigns/${c.id}/signatories/${S}/signature-link/send`,
      expected: adminOnly(409),
    },
    {
      route: 'POST /campaigns/:id/signature/ceremony',
      method: 'post',
      path: (c) => `/campaigns/${c.id}/signature/ceremony`,
      upload: () => ({ file: conventionPdf, fields: { signedOn: '2023-11-21', place: 'Villefranche-de-Lauragais' } }),
      expected: adminOnly(409),
    },
    // Deliberations under way: no signature page or dossier yet, a conflict reached by administrators only.
    { route: 'GET /campaigns/:id/signature-page.pdf', method: 'get', path: (c) => `/campaigns/${c.id}/signature-page.pdf`, expected: adminOnly(409) },
    { route: 'GET /campaigns/:id/dossier.zip', method: 'get', path: (c) => `/campaigns/${c.id}/dossier.zip`, expected: adminOnly(409) },
    { route: 'GET /campaigns/:id/signature/signed-copy', method: 'get', path: (c) => `/campaigns/${c.id}/signature/signed-copy`, expected: adminOnly(404) },
    // A body's signature link alone opens these (test/signature.e2e-spec.ts plays it): every caller here is refused.
    { route: 'GET /campaigns/:id/signatories/:sid/signing', method: 'get', path: (c) => `/campaigns/${c.id}/signatories/${S}/signing`, expected: rule(403, 403, 403, 403) },
    {
      route: 'GET /campaigns/:id/signatories/:sid/signing/convention',
      method: 'get',
      path: (c) => `/campaigns/${c.id}/signatories/${S}/signing/convention`,
      expected: rule(403, 403, 403, 403),
    },
    {
      route: 'POST /campaigns/:id/signatories/:sid/signing/code',
      method: 'post',
      path: (c) => `/campaigns/${c.id}/signatories/${S}/signing/code`,
      expected: rule(403, 403, 403, 403),
    },
    {
      route: 'POST /campaigns/:id/signatories/:sid/signing',
      method: 'post',
      path: (c) => `/campaigns/${c.id}/signatories/${S}/signing`,
      body: () => ({ code: '123456', name: 'Marie Dupont', capacity: 'le Maire', conventionSha256: 'a'.repeat(64) }),
      expected: rule(403, 403, 403, 403),
    },
    {
      route: 'POST /auth/login',
      method: 'post',
      path: () => '/auth/login',
      body: () => ({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD }),
      // Logging in needs no token; a stale or forged one sent along changes nothing.
      expected: allAs(200),
      check: (_, res) => expect(typeof res.body.accessToken).toBe('string'),
    },
    {
      route: 'GET /auth/me',
      method: 'get',
      path: () => '/auth/me',
      expected: rule(200, 200, 200, 200),
      check: (who, res, c) => {
        if (who === 'admin') {
          expect(res.body).toEqual({ kind: 'administrator', email: ADMIN_EMAIL, operator: true, organisations: [expect.objectContaining({ siren: OWNER_SIREN, role: 'manager' })] });
        }
        if (who === 'partnerObserver') expect(res.body).toMatchObject({ operator: false, organisations: [{ siren: PARTNER.siren, role: 'observer' }] });
        if (who === 'operator') expect(res.body).toMatchObject({ operator: true, organisations: [] });
        if (who === 'ownSecretary') expect(res.body).toMatchObject({ kind: 'secretary', campaignId: c.id, signatory: { id: S } });
        if (who === 'otherSecretary') expect(res.body).toMatchObject({ kind: 'secretary', campaignId: c.id, signatory: { id: T } });
        if (who === 'foreignSecretary') {
          expect(res.body).toMatchObject({ kind: 'secretary', signatory: { id: S } });
          expect(res.body.campaignId).not.toBe(c.id);
        }
      },
    },
    { route: 'GET /auth/sign-in-options', method: 'get', path: () => '/auth/sign-in-options', expected: allAs(200) },
    // This installation has no ProConnect (test/proconnect.e2e-spec.ts has one): its routes say so to anyone.
    { route: 'GET /auth/proconnect', method: 'get', path: () => '/auth/proconnect', expected: allAs(404) },
    { route: 'GET /auth/proconnect/callback', method: 'get', path: () => '/auth/proconnect/callback?code=x&state=y', expected: allAs(404) },
    { route: 'GET /auth/proconnect/logout', method: 'get', path: () => '/auth/proconnect/logout', expected: allAs(400) },
    { route: 'GET /health', method: 'get', path: () => '/health', expected: allAs(200) },
    { route: 'GET /health/ready', method: 'get', path: () => '/health/ready', expected: allAs(200) },
    { route: 'GET /health/live', method: 'get', path: () => '/health/live', expected: allAs(200) },
    // Each part's last error: the operator's, as /metrics is (on its own port, not in this table).
    {
      route: 'GET /health/details',
      method: 'get',
      path: () => '/health/details',
      expected: adminOnly(200),
      organisations: OPERATOR_ONLY,
      check: (who, res) => {
        if (who === 'admin') expect(res.body).toMatchObject({ temporal: 'up', database: 'up', components: { temporal: { status: 'up' } } });
      },
    },
    { route: 'GET /docs-json', method: 'get', path: () => '/docs-json', expected: allAs(200) },
    { route: 'GET /docs', method: 'get', path: () => '/docs', expected: allAs(200) },
    {
      // A new campaign per caller: each manager launches one for their own organisation.
      route: 'POST /campaigns',
      method: 'post',
      path: () => '/campaigns',
      body: () => smallCampaign(2),
      expected: adminOnly(201),
      organisations: { operator: 403, observer: 403, partnerObserver: 403 },
    },
    { route: 'GET /campaigns', method: 'get', path: () => '/campaigns', expected: adminOnly(200) },
    {
      route: 'GET /campaigns/:id',
      method: 'get',
      path: (c) => `/campaigns/${c.id}`,
      expected: rule(200, 200, 200, 403),
      check: (who, res, c) => {
        if (res.status === 200) expect(res.body).toMatchObject({ id: c.id, phase: 'deliberating' });
      },
    },
    {
      route: 'GET /campaigns/:id (unknown campaign)',
      method: 'get',
      path: () => '/campaigns/no-such-campaign',
      expected: rule(404, 403, 403, 403),
    },
    { route: 'GET /campaigns/:id/signatories', method: 'get', path: (c) => `/campaigns/${c.id}/signatories`, expected: adminOnly(200) },
    {
      route: 'POST /campaigns/:id/conference (same day again)',
      method: 'post',
      path: (c) => `/campaigns/${c.id}/conference`,
      body: () => ({ heldOn: '2023-06-13' }),
      expected: adminOnly(200),
    },
    {
      route: 'POST /campaigns/:id/deadline',
      method: 'post',
      fresh: true,
      path: (c) => `/campaigns/${c.id}/deadline`,
      body: (() => {
        const deliberationDeadline = inDays(3);
        return () => ({ deliberationDeadline });
      })(),
      expected: adminOnly(200),
    },
    {
      route: 'POST /campaigns/:id/signature (while deliberating)',
      method: 'post',
      path: (c) => `/campaigns/${c.id}/signature`,
      body: () => ({ signedOn: '2023-11-21' }),
      expected: adminOnly(409),
    },
    {
      route: 'POST /campaigns/:id/cancel',
      method: 'post',
      fresh: true,
      path: (c) => `/campaigns/${c.id}/cancel`,
      body: () => ({ reason: 'convention abandonnée' }),
      expected: adminOnly(200),
      check: (who, res) => {
        if (who === 'admin') expect(res.body.phase).toBe('cancelled');
      },
    },
    {
      route: 'PUT /campaigns/:id/signatories/:sid/session',
      method: 'put',
      fresh: true,
      path: (c) => `/campaigns/${c.id}/signatories/${S}/session`,
      body: () => ({ sessionDate: '2023-07-01' }),
      expected: rule(200, 200, 403, 403),
    },
    {
      route: 'PUT /campaigns/:id/signatories/:sid/deliberation',
      method: 'put',
      fresh: true,
      path: (c) => `/campaigns/${c.id}/signatories/${S}/deliberation`,
      body: () => adopted(),
      expected: rule(200, 200, 403, 403),
      check: (who, res) => {
        if (res.status === 200) expect(res.body).toMatchObject({ signatoryId: S, status: 'adopted' });
      },
    },
    {
      route: 'PUT /campaigns/:id/signatories/:sid/deliberation (unknown signatory)',
      method: 'put',
      path: (c) => `/campaigns/${c.id}/signatories/no-such-body/deliberation`,
      body: () => adopted(),
      expected: rule(404, 403, 403, 403),
    },
    {
      route: 'POST /campaigns/:id/signatories/:sid/corrections',
      method: 'post',
      fresh: true,
      prepare: async (c) => {
        await t.http.put(`/campaigns/${c.id}/signatories/${S}/deliberation`).set(admin()).send(adopted()).expect(200);
      },
      path: (c) => `/campaigns/${c.id}/signatories/${S}/corrections`,
      body: () => ({ reason: 'nombre de voix mal saisi', deliberation: adopted({ votesFor: 16 }) }),
      expected: adminOnly(200),
    },
    {
      route: 'POST /campaigns/:id/signatories/:sid/reopen',
      method: 'post',
      fresh: true,
      prepare: async (c) => {
        await t.http.put(`/campaigns/${c.id}/signatories/${S}/deliberation`).set(admin()).send(rejected()).expect(200);
      },
      path: (c) => `/campaigns/${c.id}/signatories/${S}/reopen`,
      body: () => ({ reason: 'nouvelle séance' }),
      expected: adminOnly(200),
    },
    {
      route: 'POST /campaigns/:id/signatories/:sid/link',
      method: 'post',
      fresh: true,
      path: (c) => `/campaigns/${c.id}/signatories/${S}/link`,
      expected: adminOnly(201),
      check: (who, res) => {
        if (who === 'admin') expect(res.body).toMatchObject({ token: expect.stringMatching(/^sl_/), url: expect.any(String), expiresAt: expect.any(String) });
      },
    },
    {
      route: 'POST /campaigns/:id/signatories/:sid/link/send',
      method: 'post',
      fresh: true,
      path: (c) => `/campaigns/${c.id}/signatories/${S}/link/send`,
      expected: adminOnly(202),
      check: (who, res) => {
        if (who === 'admin') expect(res.body).toEqual({ sentTo: ['mairie-1@example.org'], expiresAt: expect.any(String) });
      },
      // The e-mail, and the new link it carries, go out after the answer.
      settle: (c) => eventually(() => expect(t.mail.mails.some((m) => m.messageId.startsWith(`<personal-link+${c.id}+${S}+`))).toBe(true)),
    },
    {
      route: 'POST /campaigns/:id/signatories/:sid/link/forward',
      method: 'post',
      fresh: true,
      path: (c) => `/campaigns/${c.id}/signatories/${S}/link/forward`,
      body: () => ({ name: 'Marie Dupont', email: 'maire-of-the-matrix@example.org' }),
      expected: rule(202, 202, 403, 403),
      // The delegate's link is issued after the answer, with the e-mail: every one is there before the next row.
      settle: (c) =>
        eventually(async () => {
          const [{ forwarded, issued }] = await t.dataSource.query(
            `SELECT (SELECT count(*)::int FROM campaign_event WHERE campaign_id = $1 AND type = 'PersonalLinkForwarded') AS forwarded,
                    (SELECT count(*)::int FROM signatory_link WHERE campaign_id = $1 AND holder IS NOT NULL) AS issued`,
            [c.id],
          );
          expect(issued).toBe(forwarded);
        }),
    },
    {
      route: 'POST /campaigns/:id/signatories/:sid/link/send (unknown signatory)',
      method: 'post',
      path: (c) => `/campaigns/${c.id}/signatories/no-such-body/link/send`,
      expected: adminOnly(404),
    },
    {
      route: 'GET /campaigns/:id/events',
      method: 'get',
      path: (c) => `/campaigns/${c.id}/events`,
      expected: adminOnly(200),
      check: (who, res) => {
        if (who === 'admin') expect(res.body.events.length).toBeGreaterThanOrEqual(2);
      },
    },
    { route: 'GET /campaigns/:id/events.csv', method: 'get', path: (c) => `/campaigns/${c.id}/events.csv`, expected: adminOnly(200) },
    { route: 'GET /campaigns/:id/record/verify', method: 'get', path: (c) => `/campaigns/${c.id}/record/verify`, expected: adminOnly(200) },
    { route: 'GET /campaigns/:id/archive.json', method: 'get', path: (c) => `/campaigns/${c.id}/archive.json`, expected: adminOnly(200) },
    { route: 'GET /campaigns/:id/archive.pdf', method: 'get', path: (c) => `/campaigns/${c.id}/archive.pdf`, expected: adminOnly(200) },
    {
      // Nobody decided yet: the file is the schema's header alone.
      route: 'GET /campaigns/:id/open-data/deliberations.csv',
      method: 'get',
      path: (c) => `/campaigns/${c.id}/open-data/deliberations.csv`,
      expected: adminOnly(200),
      check: (who, res) => {
        if (res.status === 200) expect(res.text).toMatch(/^COLL_NOM,COLL_SIRET,DELIB_ID,/);
      },
    },
    {
      route: 'POST /campaigns/:id/calendar-feed',
      method: 'post',
      path: (c) => `/campaigns/${c.id}/calendar-feed`,
      expected: adminOnly(201),
      check: (who, res) => {
        if (res.status === 201) expect(res.body.url).toMatch(/\/calendar\/cf_[\w-]{43}\.ics$/);
      },
    },
    { route: 'DELETE /campaigns/:id/calendar-feed', method: 'delete', path: (c) => `/campaigns/${c.id}/calendar-feed`, expected: adminOnly(204) },
    (() => {
      // The feed is its URL: whatever credentials come with it, anyone holding the URL reads it, and no one else.
      let feed = '';
      return {
        route: 'GET /calendar/:file',
        method: 'get' as const,
        path: () => feed,
        prepare: async (c: Ctx) => {
          feed = new URL((await t.http.post(`/campaigns/${c.id}/calendar-feed`).set(admin()).expect(201)).body.url).pathname;
        },
        expected: allAs(200),
        check: (_: Caller, res: Response) => expect(res.text).toContain('BEGIN:VCALENDAR'),
      };
    })(),
    {
      // Nobody adopted yet: the campaign's answer is a conflict, reached by its managers only.
      route: 'PUT /campaigns/:id/signatories/:sid/legal-follow-up',
      method: 'put',
      path: (c) => `/campaigns/${c.id}/signatories/${S}/legal-follow-up`,
      body: () => ({ transmittedOn: '2023-07-10' }),
      expected: adminOnly(409),
    },
    { route: 'GET /territories/epci/:siren/signatories', method: 'get', path: () => '/territories/epci/200071298/signatories', expected: adminOnly(200) },
    { route: 'GET /territories/epci/:siren/signatories.csv', method: 'get', path: () => '/territories/epci/200071298/signatories.csv', expected: adminOnly(200) },
    {
      route: 'POST /territories/signatories/csv',
      method: 'post',
      path: () => '/territories/signatories/csv',
      body: () => ({}),
      expected: adminOnly(400),
    },
    {
      route: 'GET /notifications',
      method: 'get',
      path: () => '/notifications',
      expected: adminOnly(200),
      check: (_, res) => {
        if (res.status === 200) expect(res.body).toEqual({ unread: expect.any(Number), notifications: expect.any(Array) });
      },
    },
    { route: 'POST /notifications/read', method: 'post', path: () => '/notifications/read', body: () => ({}), expected: adminOnly(200) },
    { route: 'GET /notifications/preferences', method: 'get', path: () => '/notifications/preferences', expected: adminOnly(200) },
    {
      route: 'PUT /notifications/preferences',
      method: 'put',
      path: () => '/notifications/preferences',
      body: () => ({ preferences: { act_uploaded: { email: false, inApp: true } } }),
      expected: adminOnly(200),
    },
    { route: 'GET /organisations', method: 'get', path: () => '/organisations', expected: adminOnly(200) },
    {
      route: 'POST /organisations',
      method: 'post',
      path: () => '/organisations',
      body: () => ({ siren: randomSiren(), name: 'Organisation de la matrice', kind: 'commune' }),
      expected: adminOnly(201),
      organisations: OPERATOR_ONLY,
    },
    {
      route: 'GET /organisations/:siren',
      method: 'get',
      path: () => `/organisations/${PARTNER.siren}`,
      expected: adminOnly(200),
      organisations: { otherOrganisationManager: 404, observer: 404 },
      check: (_, res) => {
        if (res.status === 200) expect(res.body).toMatchObject({ siren: PARTNER.siren, members: expect.any(Array) });
      },
    },
    {
      route: 'PUT /organisations/:siren/members/:email',
      method: 'put',
      prepare: () => addAdministrator(MATRIX_ADMINS.member),
      path: () => `/organisations/${PARTNER.siren}/members/${MATRIX_ADMINS.member}`,
      body: () => ({ role: 'observer' }),
      expected: adminOnly(200),
      organisations: { otherOrganisationManager: 404, observer: 404, partnerObserver: 403 },
    },
    {
      // The operator's column plays first and removes the member; the later removals find none.
      route: 'DELETE /organisations/:siren/members/:email',
      method: 'delete',
      prepare: async () => {
        await addAdministrator(MATRIX_ADMINS.leaving);
        await t.http.put(`/organisations/${PARTNER.siren}/members/${MATRIX_ADMINS.leaving}`).set(admin()).send({ role: 'observer' }).expect(200);
      },
      path: () => `/organisations/${PARTNER.siren}/members/${MATRIX_ADMINS.leaving}`,
      expected: adminOnly(404),
      organisations: { operator: 204, otherOrganisationManager: 404, observer: 404, partnerObserver: 403 },
    },
    {
      // Each manager's invitation replaces the one before: the same person, invited again.
      route: 'POST /organisations/:siren/invitations',
      method: 'post',
      path: () => `/organisations/${PARTNER.siren}/invitations`,
      body: () => ({ email: 'invitee-of-the-matrix@example.org', role: 'observer' }),
      expected: adminOnly(201),
      organisations: { otherOrganisationManager: 404, observer: 404, partnerObserver: 403 },
    },
    {
      route: 'GET /organisations/:siren/invitations',
      method: 'get',
      path: () => `/organisations/${PARTNER.siren}/invitations`,
      expected: adminOnly(200),
      organisations: { otherOrganisationManager: 404, observer: 404, partnerObserver: 403 },
    },
    {
      // The operator's column plays first and withdraws it; the later withdrawals find none.
      route: 'DELETE /organisations/:siren/invitations/:email',
      method: 'delete',
      prepare: async () => {
        await t.http.post(`/organisations/${PARTNER.siren}/invitations`).set(admin()).send({ email: 'withdrawn-in-the-matrix@example.org', role: 'observer' }).expect(201);
      },
      path: () => `/organisations/${PARTNER.siren}/invitations/withdrawn-in-the-matrix@example.org`,
      expected: adminOnly(404),
      organisations: { operator: 204, otherOrganisationManager: 404, observer: 404, partnerObserver: 403 },
    },
    // Webhooks are the organisation's managers' (and the operator's); each row plays on an endpoint of the partner.
    {
      route: 'POST /organisations/:siren/webhooks',
      method: 'post',
      path: () => `/organisations/${PARTNER.siren}/webhooks`,
      body: () => ({ url: MATRIX_WEBHOOK_URL, description: 'matrice' }),
      expected: adminOnly(201),
      organisations: ORGANISATION_MANAGERS_ONLY,
      check: (_, res) => expect(res.body.secret).toMatch(/^whsec_/),
    },
    {
      route: 'GET /organisations/:siren/webhooks',
      method: 'get',
      path: () => `/organisations/${PARTNER.siren}/webhooks`,
      expected: adminOnly(200),
      organisations: ORGANISATION_MANAGERS_ONLY,
    },
    // The operator's column plays first and deletes it; the later deletions find none.
    { ...onAPartnerWebhook('delete', '', 404), organisations: { ...ORGANISATION_MANAGERS_ONLY, operator: 204 } },
    onAPartnerWebhook('post', 'rotate-secret', 200),
    onAPartnerWebhook('post', 'enable', 200),
    onAPartnerWebhook('get', 'deliveries', 200),
    {
      route: 'POST /organisations/:siren/webhooks/:webhookId/deliveries/:deliveryId/redeliver',
      method: 'post',
      prepare: async () => {
        matrixWebhook = await partnerWebhook();
        const [delivery] = await t.dataSource.query(
          `INSERT INTO webhook_delivery (endpoint_id, campaign_id, seq, event_type, payload, status) VALUES ($1, 'matrix', 1, 'CampaignLaunched', '{}', 'delivered') RETURNING id`,
          [matrixWebhook],
        );
        matrixDelivery = delivery.id;
      },
      path: () => `/organisations/${PARTNER.siren}/webhooks/${matrixWebhook}/deliveries/${matrixDelivery}/redeliver`,
      expected: adminOnly(202),
      organisations: ORGANISATION_MANAGERS_ONLY,
    },
    // An invitation's link is its own credential: whatever else the caller holds, an unknown one opens nothing.
    { route: 'POST /invitations/open', method: 'post', path: () => '/invitations/open', body: () => ({ token: `iv_${'a'.repeat(43)}` }), expected: allAs(404) },
    {
      route: 'POST /invitations/accept',
      method: 'post',
      path: () => '/invitations/accept',
      body: () => ({ token: `iv_${'a'.repeat(43)}`, password: 'a-long-enough-password' }),
      expected: allAs(404),
    },
    { route: 'GET /campaigns/:id/organisations', method: 'get', path: (c) => `/campaigns/${c.id}/organisations`, expected: adminOnly(200) },
    {
      // Only the owner's managers decide who holds the campaign.
      route: 'PUT /campaigns/:id/organisations/:siren',
      method: 'put',
      fresh: true,
      path: (c) => `/campaigns/${c.id}/organisations/${THIRD.siren}`,
      expected: adminOnly(200),
      organisations: { partnerManager: 403 },
    },
    {
      route: 'DELETE /campaigns/:id/organisations/:siren',
      method: 'delete',
      fresh: true,
      prepare: async (c) => {
        await t.http.put(`/campaigns/${c.id}/organisations/${THIRD.siren}`).set(admin()).expect(200);
      },
      path: (c) => `/campaigns/${c.id}/organisations/${THIRD.siren}`,
      expected: adminOnly(204),
      organisations: { partnerManager: 403 },
    },
    {
      route: 'GET /administrators',
      method: 'get',
      path: () => '/administrators',
      expected: adminOnly(200),
      organisations: OPERATOR_ONLY,
      check: (who, res) => {
        if (who === 'admin') expect(res.body.administrators).toContainEqual({ email: ADMIN_EMAIL, createdAt: expect.any(String), disabledAt: null });
      },
    },
    {
      route: 'POST /administrators',
      method: 'post',
      path: () => '/administrators',
      body: () => ({ email: `${uniqueId('matrix')}@example.org`, password: 'a-long-enough-password' }),
      expected: adminOnly(201),
      organisations: OPERATOR_ONLY,
    },
    {
      // Played with a wrong current password: the administrator's answer is the domain's 422, and
      // the token every later row uses stays valid (a change would end it).
      route: 'PUT /administrators/me/password',
      method: 'put',
      path: () => '/administrators/me/password',
      body: () => ({ currentPassword: 'not-the-current-password', newPassword: 'another-long-password' }),
      expected: adminOnly(422),
    },
    {
      route: 'POST /administrators/:email/disable',
      method: 'post',
      prepare: () => addAdministrator(MATRIX_ADMINS.disabled),
      path: () => `/administrators/${MATRIX_ADMINS.disabled}/disable`,
      expected: adminOnly(200),
      organisations: OPERATOR_ONLY,
      check: (who, res) => {
        if (who === 'admin') expect(res.body).toMatchObject({ email: MATRIX_ADMINS.disabled, disabledAt: expect.any(String) });
      },
    },
    {
      route: 'POST /administrators/:email/enable',
      method: 'post',
      prepare: async () => {
        await addAdministrator(MATRIX_ADMINS.enabled);
        await t.http.post(`/administrators/${MATRIX_ADMINS.enabled}/disable`).set(admin()).expect(200);
      },
      path: () => `/administrators/${MATRIX_ADMINS.enabled}/enable`,
      expected: adminOnly(200),
      organisations: OPERATOR_ONLY,
      check: (who, res) => {
        if (who === 'admin') expect(res.body).toMatchObject({ email: MATRIX_ADMINS.enabled, disabledAt: null });
      },
    },
    {
      // The operator's column plays first and removes the account; the second removal finds none.
      route: 'DELETE /administrators/:email',
      method: 'delete',
      prepare: () => addAdministrator(MATRIX_ADMINS.removed),
      path: () => `/administrators/${MATRIX_ADMINS.removed}`,
      expected: adminOnly(404),
      organisations: { ...OPERATOR_ONLY, operator: 204 },
    },
    {
      route: 'POST /administrators/:email/disable (unknown administrator)',
      method: 'post',
      path: () => '/administrators/nobody-at-all@example.org/disable',
      expected: adminOnly(404),
      organisations: OPERATOR_ONLY,
    },
  ];

  beforeAll(async () => {
    [conventionPdf, actPdf] = await Promise.all([writtenPdf({ text: 'Convention territoriale globale' }), writtenPdf({ text: 'Extrait du registre des délibérations' })]);
    t = await startTestApp();
    administrators = await organisationsOfTheMatrix();
    const claims = new JwtService().decode(t.adminToken) as { sub: string; email: string; role: string; ver: number };
    const now = Math.floor(Date.now() / 1000);
    const jwt = new JwtService();
    const foreignCampaign = await openCampaign();
    common = {
      ...administrators,
      foreignSecretary: await issueLink(foreignCampaign, S),
      tamperedJwt: tamperJwt(t.adminToken),
      forgedJwt: await jwt.signAsync(
        { sub: claims.sub, email: claims.email, role: 'administrator', ver: claims.ver },
        { secret: 'not-the-server-secret-but-long-enough-0123456789', algorithm: 'HS256', expiresIn: 3600 },
      ),
      expiredJwt: await jwt.signAsync(
        { sub: claims.sub, email: claims.email, role: 'administrator', ver: claims.ver, iat: now - 7200, exp: now - 60 },
        { secret: DEVELOPMENT_DEFAULTS.JWT_SECRET, algorithm: 'HS256' },
      ),
    };
    shared = await context();
  });

  afterAll(async () => {
    console.log(`access matrix: ${ROWS.length} tabled routes × ${CALLERS.length} callers, ${cells} cells played in all, ${serverErrors} answers 5xx`);
    await t?.close();
  });

  it('has tokens that are what their column says', async () => {
    expect(common.tamperedJwt).not.toBe(t.adminToken);
    expect(common.tamperedJwt.split('.').slice(0, 2)).toEqual(t.adminToken.split('.').slice(0, 2));
    expect(shared.tokens.tamperedLink).not.toBe(shared.tokens.ownSecretary);
    expect(shared.tokens.tamperedLink).toMatch(/^sl_[A-Za-z0-9_-]{43}$/);
    // The valid tokens really open what they should (so that the 401s below are about the tampering).
    await t.http.get('/auth/me').set('Authorization', `Bearer ${shared.tokens.ownSecretary}`).expect(200);
    await t.http.get('/auth/me').set(admin()).expect(200);
  });

  it.each(ROWS)('$route', async (row) => {
    const c = row.fresh ? await context() : shared;
    // A partner's manager acts as the owner's does: on a campaign of its own when the row changes it.
    const partnersCampaign = row.fresh ? await context() : shared;
    for (const campaign of new Set([c, partnersCampaign])) await row.prepare?.(campaign);
    const expectedOf = organisationColumns(row);
    const problems: string[] = [];
    for (const who of CALLERS) {
      const on = who === 'partnerManager' ? partnersCampaign : c;
      const before = await snapshot(on.id);
      const res = await send(row, on, who);
      cells += 1;
      answers.push({ method: row.method, url: row.path(on), status: res.status });
      if (res.status >= 500) serverErrors += 1;
      const expected = expectedOf[who];
      const where = `${row.route} as ${CALLER_LABEL[who]}`;
      if (res.status !== expected) {
        problems.push(`${where}: expected ${expected}, got ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
        continue;
      }
      if (res.status >= 400) {
        const after = await snapshot(on.id);
        if (JSON.stringify(after) !== JSON.stringify(before)) {
          problems.push(`${where}: answered ${res.status} but changed ${JSON.stringify(before)} → ${JSON.stringify(after)}`);
        }
        if (!/^application\/json/.test(String(res.headers['content-type']))) {
          problems.push(`${where}: error answer labelled "${res.headers['content-type']}", not application/json`);
        }
        if (res.body?.statusCode !== res.status || typeof res.body?.error !== 'string' || typeof res.body?.message !== 'string') {
          problems.push(`${where}: error body not in the shape of API.md: ${JSON.stringify(res.body)}`);
        }
      } else {
        try {
          row.check?.(who, res, on);
        } catch (error) {
          problems.push(`${where}: ${(error as Error).message}`);
        }
      }
    }
    for (const campaign of new Set([c, partnersCampaign])) await row.settle?.(campaign);
    expect(problems).toEqual([]);
  });

  it('plays every other route the server documents as administrators only (the default of a route without a rule)', async () => {
    const doc = (await t.http.get('/docs-json').expect(200)).body as { paths: Record<string, Record<string, unknown>> };
    const tabled = new Set(ROWS.map((r) => r.route.replace(/ \(.*\)$/, '').replace(/:(\w+)/g, '{$1}')));
    const others = Object.entries(doc.paths)
      .flatMap(([path, operations]) => Object.keys(operations).map((method) => ({ method, path })))
      .filter(({ method, path }) => ['get', 'post', 'put', 'patch', 'delete'].includes(method) && !tabled.has(`${method.toUpperCase()} ${path}`));
    const problems: string[] = [];
    for (const { method, path } of others) {
      const c = shared;
      const url = path.replace(/\{(\w+)\}/g, (_, name: string) => (name === 'id' ? c.id : name === 'sid' ? S : name === 'siren' ? '200071298' : 'x'));
      for (const who of CALLERS) {
        const before = await snapshot(c.id);
        let req = (t.http as unknown as Record<string, (url: string) => ReturnType<typeof t.http.get>>)[method](url).timeout({ response: 30_000 });
        if (c.tokens[who]) req = req.set('Authorization', `Bearer ${c.tokens[who]}`);
        const res = method === 'get' || method === 'delete' ? await req : await req.send({});
        cells += 1;
        answers.push({ method, url, status: res.status });
        if (res.status >= 500) serverErrors += 1;
        const where = `${method.toUpperCase()} ${path} as ${CALLER_LABEL[who]}`;
        // An administrator, whatever their organisation, gets past the guard of a route without a rule.
        const administrator = who === 'admin' || (ORGANISATION_CALLERS as readonly string[]).includes(who);
        const expected = administrator ? 'a domain answer (2xx, or a 4xx other than 401)' : String(INVALID.includes(who) ? 401 : 403);
        const ok = administrator ? res.status < 500 && res.status !== 401 : res.status === Number(expected);
        if (!ok) problems.push(`${where}: expected ${expected}, got ${res.status} ${JSON.stringify(res.body).slice(0, 160)}`);
        if (res.status >= 400 && JSON.stringify(await snapshot(c.id)) !== JSON.stringify(before)) {
          problems.push(`${where}: answered ${res.status} but changed something`);
        }
      }
    }
    console.log(`access matrix: ${others.length} documented routes outside API.md's table played as admin-only: ${others.map((o) => `${o.method.toUpperCase()} ${o.path}`).join(', ') || 'none'}`);
    expect(problems).toEqual([]);
  });

  it('declares in the served OpenAPI document every status the matrix got, route by route', async () => {
    const doc = (await t.http.get('/docs-json').expect(200)).body as OpenApiDocument;
    expect(answers.length).toBe(cells);
    expect(undeclared(doc, answers)).toEqual([]);
  });

  it("documents for every route its guards' and its inputs' error statuses, all in API.md's error schema", async () => {
    const doc = (await t.http.get('/docs-json').expect(200)).body as OpenApiDocument;
    expect(doc.components.schemas.ApiErrorDto.required).toEqual(['statusCode', 'error', 'message']);
    expect(Object.keys(doc.components.schemas.ApiErrorDto.properties ?? {})).toEqual(['statusCode', 'error', 'message', 'fields']);
    const problems: string[] = [];
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(operations)) {
        const route = `${method.toUpperCase()} ${path}`;
        const declared = Object.keys(op.responses);
        const expected = [
          ...(op.security?.length ? [401, 503, ...(route === 'GET /auth/me' ? [] : [403])] : []),
          ...(op.parameters?.some((p) => p.in === 'path') ? [400, 404] : []),
          ...(op.requestBody ? [400, 413] : []),
        ];
        for (const status of new Set(expected)) if (!declared.includes(String(status))) problems.push(`${route}: ${status} not declared`);
        // The sign-in's routes answer by sending the browser on (302): that is their success.
        if (!declared.some((status) => /^[23]/.test(status))) problems.push(`${route}: no success declared`);
        for (const status of declared.filter((st) => Number(st) >= 400)) {
          const schema = op.responses[status].content?.['application/json']?.schema;
          const refs = schema?.$ref ? [schema.$ref] : ((schema?.allOf as { $ref?: string }[]) ?? []).map((part) => part.$ref);
          if (!refs.includes(ERROR_SCHEMA_REF)) problems.push(`${route}: ${status} is not the shared error schema as JSON`);
        }
      }
    }
    expect(problems).toEqual([]);

    const responses = (route: string) => {
      const [method, path] = route.split(' ');
      return doc.paths[path][method.toLowerCase()].responses;
    };
    expect(Object.keys(responses('POST /campaigns'))).toEqual(expect.arrayContaining(['200', '201', '409', '422']));
    expect(Object.keys(responses('GET /health'))).toEqual(['200', '503']);
    const link = responses('POST /campaigns/{id}/signatories/{sid}/link')['201'].content?.['application/json']?.schema?.$ref as string;
    expect(doc.components.schemas[link.split('/').pop() as string].required).toEqual(['url', 'token', 'expiresAt']);
    expect(Object.keys(responses('GET /campaigns/{id}/events.csv')['200'].content ?? {})).toEqual(['text/csv']);
    expect(Object.keys(responses('GET /territories/epci/{siren}/signatories.csv')['200'].content ?? {})).toEqual(['text/csv']);
    expect(Object.keys(responses('GET /campaigns/{id}/archive.pdf')['200'].content ?? {})).toEqual(['application/pdf']);
  });

  it('accepts the personal link as ?token= too, with the same scope', async () => {
    const own = shared.tokens.ownSecretary as string;
    await t.http.get(`/campaigns/${shared.id}?token=${encodeURIComponent(own)}`).expect(200);
    await t.http.get(`/campaigns/${shared.id}/signatories?token=${encodeURIComponent(own)}`).expect(403);
    await t.http.get(`/campaigns/${shared.id}?token=${encodeURIComponent(shared.tokens.tamperedLink as string)}`).expect(401);
    await t.http.get(`/campaigns/${shared.id}?token=${encodeURIComponent(shared.tokens.revokedLink as string)}`).expect(401);
  });

  it('takes ?token= on a route with a query of its own, as it does elsewhere', async () => {
    const page = await t.http.get(`/campaigns/${shared.id}/events?limit=2&token=${encodeURIComponent(t.adminToken)}`).expect(200);
    expect(page.body.events).toHaveLength(2);
    await t.http.get(`/territories/epci/200071298/signatories?caf=&token=${encodeURIComponent(t.adminToken)}`).expect(200);
    await t.http.get(`/campaigns/${shared.id}/events?token=${encodeURIComponent(shared.tokens.ownSecretary as string)}`).expect(403);
  });

  it('writes the actor into every event: the link id and IP for a secretary, the e-mail and IP for an administrator', async () => {
    const c = await context();
    const own = c.tokens.ownSecretary as string;
    const [link] = await t.dataSource.query(`SELECT id FROM signatory_link WHERE token_hash = $1`, [sha256(own)]);
    await t.http.put(`/campaigns/${c.id}/signatories/${S}/session`).set('Authorization', `Bearer ${own}`).send({ sessionDate: '2023-07-01' }).expect(200);
    await t.http.put(`/campaigns/${c.id}/signatories/${S}/deliberation`).set('Authorization', `Bearer ${own}`).send(adopted()).expect(200);
    await t.http.post(`/campaigns/${c.id}/deadline`).set(admin()).send({ deliberationDeadline: inDays(4) }).expect(200);

    const events = (await t.http.get(`/campaigns/${c.id}/events`).set(admin()).expect(200)).body.events as {
      type: string;
      actor: { kind: string; id: string; ip?: string };
    }[];
    const byType = (type: string) => events.find((e) => e.type === type);
    for (const type of ['SessionScheduled', 'DeliberationRecorded']) {
      expect(byType(type)?.actor).toEqual({ kind: 'secretary', id: link.id, ip: expect.stringMatching(LOCAL_IP) });
    }
    for (const type of ['CampaignLaunched', 'ConferenceHeld', 'DeadlineMoved']) {
      expect(byType(type)?.actor).toEqual({ kind: 'administrator', id: ADMIN_EMAIL, ip: expect.stringMatching(LOCAL_IP) });
    }
    // The secretary's token itself is never written into the record.
    const [raw] = await t.dataSource.query(`SELECT count(*)::int AS n FROM campaign_event WHERE actor::text LIKE $1 OR data::text LIKE $1`, [`%${own}%`]);
    expect(raw.n).toBe(0);
  });

  it('closes every personal link of a campaign once it is cancelled, and issues no new one', async () => {
    const c = await context();
    const own = c.tokens.ownSecretary as string;
    await t.http.get(`/campaigns/${c.id}`).set('Authorization', `Bearer ${own}`).expect(200);
    await t.http.post(`/campaigns/${c.id}/cancel`).set(admin()).send({ reason: 'convention abandonnée' }).expect(200);
    const before = (await t.dataSource.query(`SELECT count(*)::int AS n FROM campaign_event WHERE campaign_id = $1`, [c.id]))[0].n;
    await t.http.get(`/campaigns/${c.id}`).set('Authorization', `Bearer ${own}`).expect(401);
    await t.http.put(`/campaigns/${c.id}/signatories/${S}/deliberation`).set('Authorization', `Bearer ${own}`).send(adopted()).expect(401);
    await t.http.get(`/campaigns/${c.id}`).set('Authorization', `Bearer ${c.tokens.otherSecretary}`).expect(401);
    await t.http.post(`/campaigns/${c.id}/signatories/${S}/link`).set(admin()).expect(409);
    const after = (await t.dataSource.query(`SELECT count(*)::int AS n FROM campaign_event WHERE campaign_id = $1`, [c.id]))[0].n;
    expect(after).toBe(before);
  });

  it('sends security headers and no CORS permission to another origin', async () => {
    const res = await t.http.get(`/campaigns/${shared.id}`).set(admin()).set('Origin', 'https://evil.example').expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await t.http
      .options('/campaigns')
      .set('Origin', 'https://evil.example')
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'authorization,content-type');
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    expect(preflight.headers['access-control-allow-headers']).toBeUndefined();
  });

  it('gives the same answer to a wrong password and to an unknown e-mail', async () => {
    const wrong = await t.http.post('/auth/login').send({ email: ADMIN_EMAIL, password: 'not-the-password-123' });
    const unknown = await t.http.post('/auth/login').send({ email: `nobody-${uniqueId('x')}@ctg.example.org`, password: 'not-the-password-123' });
    const emptyish = await t.http.post('/auth/login').send({ email: ADMIN_EMAIL.toUpperCase(), password: ADMIN_PASSWORD.slice(0, -1) });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(wrong.status);
    expect(emptyish.status).toBe(wrong.status);
    expect(unknown.body).toEqual(wrong.body);
    expect(emptyish.body).toEqual(wrong.body);
    expect(wrong.body).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
    expect(wrong.body.accessToken).toBeUndefined();
  });
});

describe('rate limits (a separate app with LOGIN_ATTEMPTS_PER_MINUTE=5, SECRETARY_REQUESTS_PER_MINUTE=10)', () => {
  let t: TestApp;
  const admin = () => ({ Authorization: `Bearer ${t.adminToken}` });

  beforeAll(async () => {
    // startTestApp logs in once: that is the first of the 5 attempts of this minute.
    t = await startTestApp({ LOGIN_ATTEMPTS_PER_MINUTE: '5', SECRETARY_REQUESTS_PER_MINUTE: '10' });
  });
  afterAll(async () => t?.close());

  it('trips after the configured number of login attempts, for right and wrong passwords alike', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const email = i % 2 ? ADMIN_EMAIL : 'nobody@ctg.example.org';
      statuses.push((await t.http.post('/auth/login').send({ email, password: `guess-${i}-password` })).status);
    }
    expect(statuses).toEqual([401, 401, 401, 401]);
    const tripped = await t.http.post('/auth/login').send({ email: ADMIN_EMAIL, password: 'guess-5-password' });
    expect(tripped.status).toBe(429);
    expect(tripped.body).toMatchObject({ statusCode: 429, error: 'Too Many Requests', message: expect.any(String) });
    // Once tripped, even the right password waits: guessing gains nothing.
    const right = await t.http.post('/auth/login').send({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD });
    expect(right.status).toBe(429);
    expect(right.body.accessToken).toBeUndefined();
    // An administrator already logged in keeps working.
    await t.http.get('/campaigns').set(admin()).expect(200);
  });

  it("limits a personal link by the secretaries' budget, per link, not by the login budget", async () => {
    const body = smallCampaign(3);
    await t.http.post('/campaigns').set(admin()).send(body).expect(201);
    const link = async (sid: string) =>
      (await t.http.post(`/campaigns/${body.id}/signatories/${sid}/link`).set(admin()).expect(201)).body.token as string;
    const own = await link(S);
    const other = await link(T);
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      statuses.push((await t.http.get(`/campaigns/${body.id}`).set('Authorization', `Bearer ${own}`)).status);
    }
    // 10 requests a minute per link are allowed (not the 5 login attempts), the 11th is refused.
    expect(statuses).toEqual([...Array(10).fill(200), 429]);
    // Another link has its own budget, and administrators are not limited.
    await t.http.get(`/campaigns/${body.id}`).set('Authorization', `Bearer ${other}`).expect(200);
    for (let i = 0; i < 12; i++) await t.http.get(`/campaigns/${body.id}`).set(admin()).expect(200);
  });

  it('limits the guesses of a calendar address per client address, the right address included once tripped', async () => {
    const body = smallCampaign(2);
    await t.http.post('/campaigns').set(admin()).send(body).expect(201);
    const feed = new URL((await t.http.post(`/campaigns/${body.id}/calendar-feed`).set(admin()).expect(201)).body.url).pathname;
    const statuses: number[] = [];
    for (let i = 0; i < 9; i++) statuses.push((await t.http.get(`/calendar/cf_${String(i).repeat(43)}.ics`)).status);
    statuses.push((await t.http.get(feed)).status);
    statuses.push((await t.http.get(feed)).status);
    expect(statuses).toEqual([...Array(9).fill(404), 200, 429]);
  });
});
