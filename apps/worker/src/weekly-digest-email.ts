import type { DigestCampaign } from '@ctg/persistence';
import { SIGNATURE, formatDay, formatDeadline, mailText } from './mail-wording';

export interface DigestEmail {
  subject: string;
  text: string;
  html: string;
}

const PHASE: Record<string, string> = {
  awaiting_conference: 'en attente de la conférence des maires',
  deliberating: 'délibérations en cours',
  awaiting_signature: 'en attente de signature',
  signed: 'convention signée',
  cancelled: 'campagne annulée',
};

/** The week's events worth a line, in the order a reader follows a campaign. */
const HAPPENED: [string, string, string][] = [
  ['CampaignLaunched', 'campagne lancée', 'campagne lancée'],
  ['ConferenceHeld', 'conférence des maires tenue', 'conférence des maires tenue'],
  ['SessionScheduled', 'séance annoncée', 'séances annoncées'],
  ['DeliberationRecorded:adopted', 'adoption', 'adoptions'],
  ['DeliberationRecorded:rejected', 'rejet', 'rejets'],
  ['DeliberationRecorded:adjourned', 'report', 'reports'],
  ['DeliberationCorrected', 'délibération corrigée', 'délibérations corrigées'],
  ['DeliberationReopened', 'délibération rouverte', 'délibérations rouvertes'],
  ['DeliberationActAttached', 'acte déposé', 'actes déposés'],
  ['DocumentAttached', 'document joint', 'documents joints'],
  ['DeadlineMoved', 'échéance déplacée', 'échéances déplacées'],
  ['DeadlinePassed', 'échéance passée', 'échéance passée'],
  ['ReminderSent', 'relance envoyée', 'relances envoyées'],
  ['ReminderRefused', 'relance refusée par la messagerie', 'relances refusées par la messagerie'],
  ['BodySigned', 'signature', 'signatures'],
  ['ConventionSigned', 'convention signée', 'convention signée'],
  ['CampaignCancelled', 'campagne annulée', 'campagne annulée'],
];

const NAMES_SHOWN = 8;

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

function names(list: string[]): string {
  const shown = list.slice(0, NAMES_SHOWN).join(', ');
  return list.length > NAMES_SHOWN ? `${shown} et ${list.length - NAMES_SHOWN} autre${list.length - NAMES_SHOWN > 1 ? 's' : ''}` : shown;
}

function count(happened: Record<string, number>, key: string): number {
  // A correction or a reopening counts whatever its decision.
  return Object.entries(happened)
    .filter(([what]) => what === key || what.startsWith(`${key}:`))
    .reduce((sum, [, n]) => sum + n, 0);
}

/** What one campaign's section says, line by line, each a sentence. */
export function campaignSection(c: DigestCampaign): { title: string; lines: string[] } {
  const week = HAPPENED.map(([key, one, many]) => [count(c.happened, key), one, many] as const)
    .filter(([n]) => n > 0)
    .map(([n, one, many]) => (one === many ? one : `${n} ${n > 1 ? many : one}`));
  const open = c.phase === 'awaiting_conference' || c.phase === 'deliberating';
  const lines = [
    `${capitalised(PHASE[c.phase] ?? c.phase)}, ${c.adopted} adoption${c.adopted > 1 ? 's' : ''} sur ${c.total} organismes.`,
    week.length > 0 ? `Cette semaine : ${week.join(', ')}.` : 'Rien de nouveau cette semaine.',
  ];
  if (open && c.undecided.length > 0) {
    lines.push(
      c.deadlinePassed
        ? `En retard, l’échéance étant passée : ${names(c.undecided)}.`
        : `Attendus avant le ${formatDeadline(c.deliberationDeadline)} : ${names(c.undecided)}.`,
    );
  }
  if (c.blocking.length > 0) lines.push(`Bloque la signature (a rejeté, signataire obligatoire) : ${names(c.blocking)}.`);
  return { title: c.title, lines };
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] as string);

/**
 * The administrator's digest of the week, in plain text and HTML, or nothing when none of their
 * campaigns saw an event in the period. Closed campaigns appear only in the week they closed.
 */
export function renderWeeklyDigest(campaigns: DigestCampaign[], period: { start: string; end: string }, publicUrl: string): DigestEmail | undefined {
  if (!campaigns.some((c) => Object.keys(c.happened).length > 0)) return undefined;
  const base = publicUrl.replace(/\/+$/, '');
  const shown = campaigns.filter((c) => Object.keys(c.happened).length > 0 || c.phase === 'awaiting_conference' || c.phase === 'deliberating' || c.phase === 'awaiting_signature');
  const sections = shown.map((c) => ({ ...campaignSection(c), link: `${base}/campagnes/${encodeURIComponent(c.id)}` }));
  const intro = `Ce qui s’est passé du ${formatDay(period.start)} au ${formatDay(period.end)} sur vos campagnes.`;
  const footer = `Vous recevez ce récapitulatif chaque lundi à 9 h (le lendemain d’un lundi férié). Vous choisissez ce que vous recevez sur ${base}/mes-notifications.`;
  const text = mailText([
    'Bonjour,',
    '',
    intro,
    ...sections.flatMap((s) => ['', `■ ${s.title}`, ...s.lines, s.link]),
    '',
    footer,
    '',
    ...SIGNATURE,
  ]);
  const html = [
    '<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Récapitulatif de la semaine</title></head><body>',
    `<p>Bonjour,</p><p>${escapeHtml(intro)}</p>`,
    ...sections.map(
      (s) =>
        `<h2><a href="${escapeHtml(s.link)}">${escapeHtml(s.title)}</a></h2><ul>${s.lines.map((line) => `<li>${escapeHtml(line)}</li>`).join('')}</ul>`,
    ),
    `<p>${escapeHtml(footer)}</p><p>${SIGNATURE.map(escapeHtml).join('<br>')}</p>`,
    '</body></html>',
  ].join('\n');
  const late = shown.reduce((n, c) => n + (c.deadlinePassed && (c.phase === 'deliberating' || c.phase === 'awaiting_conference') ? c.undecided.length : 0), 0);
  const blocked = shown.filter((c) => c.blocking.length > 0).length;
  const subject = [
    `Récapitulatif de la semaine : ${shown.length} campagne${shown.length > 1 ? 's' : ''}`,
    late > 0 ? `${late} organisme${late > 1 ? 's' : ''} en retard` : '',
    blocked > 0 ? `${blocked} bloquée${blocked > 1 ? 's' : ''}` : '',
  ]
    .filter(Boolean)
    .join(', ');
  return { subject, text, html };
}
