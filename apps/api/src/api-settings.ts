import { TemporalSettings, temporalSettingsFromEnv } from '@ctg/temporal';
import { ORGANISATION_KINDS, OrganisationKind } from '@ctg/persistence';
import { sirenProblem } from '@ctg/territory';
import { WebhookSettings, webhookSettingsFromEnv } from '@ctg/webhooks';
import { LogFormat, MetricsSettings, logFormatFromEnv, metricsSettingsFromEnv } from '@ctg/observability';
import { TrustProxy, isLoopbackHost, parseTrustProxy } from './network-settings';

export interface ApiSettings {
  production: boolean;
  port: number;
  host: string;
  /** Express's `trust proxy`: which hops of X-Forwarded-For name the client (see network-settings.ts). */
  trustProxy: TrustProxy;
  publicUrl: string;
  databaseUrl: string;
  /** The owner's URL, for migrations, when DATABASE_URL is the application role's (docs/threat-model.md). */
  databaseOwnerUrl?: string;
  temporal: TemporalSettings;
  adminEmail: string;
  adminPassword: string;
  /** FIRST_ORGANISATION_*: an organisation created at the first start, with the first administrator as its manager. */
  firstOrganisation?: { siren: string; name: string; kind: OrganisationKind };
  jwtSecret: string;
  /** PROCONNECT_*: sign-in of public agents through ProConnect (OpenID Connect); unset, password sign-in only. */
  proConnect?: ProConnectSettings;
  /** Lifetime of an administrator's access token. */
  accessTokenTtlSeconds: number;
  /** Lifetime of a secretary's personal link, unless the campaign closes first. */
  linkTtlDays: number;
  loginAttemptsPerMinute: number;
  secretaryRequestsPerMinute: number;
  /** How long a write waits for its event to reach the read model before answering anyway. */
  projectionWaitMs: number;
  /** How long a call to Temporal may take before the API answers 503 (a worker down leaves an update waiting). */
  temporalTimeoutMs: number;
  /** SMTP_URL and MAIL_FROM: where the API sends its own e-mails (invitations); the worker sends the rest. */
  smtpUrl?: string;
  mailFrom: string;
  /** How long an invitation to join an organisation stays open. */
  invitationTtlDays: number;
  /** DOCUMENT_STORE_URL: unset for PostgreSQL, or an S3 store's `s3+https://…` URL. */
  documentStoreUrl?: string;
  /** How long an upload may send nothing before it is dropped and its partial bytes discarded. */
  uploadStallTimeoutMs: number;
  /** WEBHOOK_*: the URL rules (production or not) and the rotation's grace period (docs/webhooks.md). */
  webhooks: WebhookSettings;
  /** METRICS_PORT, METRICS_HOST, METRICS_TOKEN: the operator's port for /metrics and the detailed /health. */
  metrics: MetricsSettings;
  /** LOG_FORMAT: JSON lines for a collector, or one readable line per request for a person. */
  logFormat: LogFormat;
  /** OUTBOX_STALE_SECONDS: an e-mail due for longer than this makes /health say the outboxes do not drain. */
  outboxStaleSeconds: number;
}

export interface ProConnectSettings {
  /** The provider's issuer URL, whose discovery document gives its endpoints and keys. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  scope: string;
}

export const API_SETTINGS = Symbol('API_SETTINGS');

/** The local defaults the README documents; refused in production, and the secrets whenever HOST is not loopback. */
export const DEVELOPMENT_DEFAULTS = {
  ADMIN_EMAIL: 'admin@ctg.example.org',
  ADMIN_PASSWORD: 'admin-ctg-local',
  JWT_SECRET: 'development-only-secret-change-me-0123456789',
};

function positiveInteger(env: NodeJS.ProcessEnv, name: string, fallback: number, errors: string[]): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) errors.push(`${name} must be a positive integer (got "${raw}")`);
  return value;
}

/** Reads the API's environment; a wrong setting stops the start with a message naming it. */
export function apiSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): ApiSettings {
  const errors: string[] = [];
  const production = env.NODE_ENV === 'production';
  const pick = (name: keyof typeof DEVELOPMENT_DEFAULTS) => env[name] || DEVELOPMENT_DEFAULTS[name];
  if (!env.DATABASE_URL) errors.push('DATABASE_URL is required');
  const host = env.HOST ?? '127.0.0.1';
  if (production) {
    for (const name of Object.keys(DEVELOPMENT_DEFAULTS) as (keyof typeof DEVELOPMENT_DEFAULTS)[]) {
      if (!env[name] || env[name] === DEVELOPMENT_DEFAULTS[name]) {
        errors.push(`${name} must be set to a value of your own in production (the development default is refused)`);
      }
    }
  } else if (!isLoopbackHost(host)) {
    // Whatever NODE_ENV says: a published secret opens the API to anyone who can reach it.
    for (const name of ['ADMIN_PASSWORD', 'JWT_SECRET'] as const) {
      if (!env[name] || env[name] === DEVELOPMENT_DEFAULTS[name]) {
        errors.push(`${name} must be set to a value of your own when the API listens beyond loopback (HOST=${host}); the development default is refused`);
      }
    }
  }
  const jwtSecret = pick('JWT_SECRET');
  if (jwtSecret.length < 32) errors.push('JWT_SECRET must be at least 32 characters');
  const adminPassword = pick('ADMIN_PASSWORD');
  if (adminPassword.length < 12) errors.push('ADMIN_PASSWORD must be at least 12 characters');
  const port = positiveInteger(env, 'PORT', 3000, errors);
  const firstOrganisation = firstOrganisationFromEnv(env, production, errors);
  const proConnect = proConnectFromEnv(env, errors);
  const settings: ApiSettings = {
    production,
    port,
    host,
    trustProxy: parseTrustProxy(env.TRUST_PROXY, errors),
    publicUrl: (env.PUBLIC_URL ?? `http://127.0.0.1:${port}`).replace(/\/+$/, ''),
    databaseUrl: env.DATABASE_URL ?? '',
    databaseOwnerUrl: env.DATABASE_OWNER_URL || undefined,
    temporal: temporalSettingsFromEnv(env),
    adminEmail: pick('ADMIN_EMAIL'),
    adminPassword,
    ...(firstOrganisation ? { firstOrganisation } : {}),
    jwtSecret,
    ...(proConnect ? { proConnect } : {}),
    accessTokenTtlSeconds: positiveInteger(env, 'ACCESS_TOKEN_TTL_SECONDS', 8 * 3600, errors),
    linkTtlDays: positiveInteger(env, 'LINK_TTL_DAYS', 120, errors),
    loginAttemptsPerMinute: positiveInteger(env, 'LOGIN_ATTEMPTS_PER_MINUTE', 10, errors),
    secretaryRequestsPerMinute: positiveInteger(env, 'SECRETARY_REQUESTS_PER_MINUTE', 120, errors),
    projectionWaitMs: positiveInteger(env, 'PROJECTION_WAIT_MS', 5000, errors),
    temporalTimeoutMs: positiveInteger(env, 'TEMPORAL_TIMEOUT_MS', 20_000, errors),
    documentStoreUrl: env.DOCUMENT_STORE_URL || undefined,
    smtpUrl: env.SMTP_URL || undefined,
    mailFrom: env.MAIL_FROM ?? 'CTG <ne-pas-repondre@ctg.example.org>',
    invitationTtlDays: positiveInteger(env, 'INVITATION_TTL_DAYS', 7, errors),
    uploadStallTimeoutMs: positiveInteger(env, 'UPLOAD_STALL_TIMEOUT_MS', 30_000, errors),
    webhooks: webhooksFromEnv(env, errors),
    metrics: metricsSettingsFromEnv(env, errors),
    logFormat: logFormatFromEnv(env, errors),
    outboxStaleSeconds: positiveInteger(env, 'OUTBOX_STALE_SECONDS', 900, errors),
  };
  if (errors.length) throw new Error(`invalid settings:\n- ${errors.join('\n- ')}`);
  return settings;
}

function webhooksFromEnv(env: NodeJS.ProcessEnv, errors: string[]): WebhookSettings {
  try {
    return webhookSettingsFromEnv(env);
  } catch (error) {
    errors.push(...(error as Error).message.split('\n- ').slice(1));
    return webhookSettingsFromEnv({});
  }
}

/**
 * The demo's CAF, whose manager the local administrator is: the SIREN is fictitious (a valid check
 * digit, no real body's), as the demo's e-mail addresses are.
 */
export const DEVELOPMENT_FIRST_ORGANISATION = { siren: '999900038', name: 'Caisse d’allocations familiales de la Haute-Garonne', kind: 'caf' } as const;

/**
 * FIRST_ORGANISATION_SIREN, _NAME and _KIND, all three or none: the small installation's own
 * organisation. Outside production, none set means the demo's CAF.
 */
function firstOrganisationFromEnv(env: NodeJS.ProcessEnv, production: boolean, errors: string[]): ApiSettings['firstOrganisation'] {
  const siren = env.FIRST_ORGANISATION_SIREN;
  const name = env.FIRST_ORGANISATION_NAME?.trim();
  const kind = env.FIRST_ORGANISATION_KIND;
  if (!siren && !name && !kind) return production ? undefined : { ...DEVELOPMENT_FIRST_ORGANISATION };
  const problem = siren ? sirenProblem(siren) : 'is required with FIRST_ORGANISATION_NAME and FIRST_ORGANISATION_KIND';
  if (problem) errors.push(`FIRST_ORGANISATION_SIREN ${problem}`);
  if (!name) errors.push('FIRST_ORGANISATION_NAME is required with FIRST_ORGANISATION_SIREN');
  if (!ORGANISATION_KINDS.includes(kind as OrganisationKind)) errors.push(`FIRST_ORGANISATION_KIND must be one of ${ORGANISATION_KINDS.join(', ')}`);
  return { siren: siren ?? '', name: name ?? '', kind: kind as OrganisationKind };
}

/** PROCONNECT_ISSUER, _CLIENT_ID and _CLIENT_SECRET, all three or none; the issuer in HTTPS, or HTTP on loopback only (a test provider). */
function proConnectFromEnv(env: NodeJS.ProcessEnv, errors: string[]): ProConnectSettings | undefined {
  const issuer = env.PROCONNECT_ISSUER;
  const clientId = env.PROCONNECT_CLIENT_ID;
  const clientSecret = env.PROCONNECT_CLIENT_SECRET;
  if (!issuer && !clientId && !clientSecret) return undefined;
  if (!issuer || !clientId || !clientSecret) {
    errors.push('PROCONNECT_ISSUER, PROCONNECT_CLIENT_ID and PROCONNECT_CLIENT_SECRET go together: set all three, or none');
    return undefined;
  }
  let url: URL | undefined;
  try {
    url = new URL(issuer);
  } catch {
    errors.push(`PROCONNECT_ISSUER must be a URL (got "${issuer}")`);
  }
  if (url && url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname.replace(/^\[|\]$/g, '')))) {
    errors.push('PROCONNECT_ISSUER must be an https:// URL (http:// only on loopback, for a test provider)');
  }
  return { issuer, clientId, clientSecret, scope: env.PROCONNECT_SCOPE || 'openid email given_name usual_name siret' };
}
