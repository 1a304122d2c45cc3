/** French wording: phases, statuses, events, dates, and the API's messages translated. */
import type { ApiFailure, CampaignEvent, ConventionSignature, Decision, FieldError, LegalFollowUp, Phase, RecordFault, SigningBodies, SigningBody, Status } from './api';

export const PHASES: Record<Phase, string> = {
  awaiting_conference: 'en attente de la conférence',
  deliberating: 'délibérations en cours',
  awaiting_signature: 'en attente de signature',
  signed: 'signée',
  cancelled: 'annulée',
};

/** Icons go with the words, never instead of them: status is never shown by colour alone. */
export const PHASE_ICONS: Record<Phase, string> = {
  awaiting_conference: '◷',
  deliberating: '✎',
  awaiting_signature: '✍',
  signed: '✔',
  cancelled: '⊘',
};

export const STATUSES: Record<Status, string> = {
  pending: 'en attente',
  scheduled: 'séance prévue',
  adopted: 'adoptée',
  rejected: 'rejetée',
  adjourned: 'ajournée',
};

export const STATUS_ICONS: Record<Status, string> = {
  pending: '…',
  scheduled: '◷',
  adopted: '✔',
  rejected: '✖',
  adjourned: '↻',
};

export const DECISIONS: Record<Decision, string> = {
  adopted: 'adoptée',
  rejected: 'rejetée',
  adjourned: 'ajournée',
};

export const KINDS: Record<string, string> = {
  epci: 'intercommunalité',
  commune: 'commune',
  caf: 'CAF',
  departement: 'département',
  msa: 'MSA',
  other: 'autre',
};

export const phaseLabel = (phase: string) => PHASES[phase as Phase] ?? phase;
export const statusLabel = (status: string) => STATUSES[status as Status] ?? status;

const PARIS = 'Europe/Paris';

/** `2023-07-04` → « 4 juillet 2023 » (a calendar day, no time zone involved). */
export function formatDay(day: string | null | undefined): string {
  if (!day) return '—';
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return day;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]), 12));
  return new Intl.DateTimeFormat('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(date);
}

/** A timestamp in Paris time: « 31 octobre 2023 à 23:59 ». */
export function formatTimestamp(value: string | Date | null | undefined, withSeconds = false): string {
  if (!value) return '—';
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return String(value);
  return new Intl.DateTimeFormat('fr-FR', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    ...(withSeconds ? { second: '2-digit' } : {}),
    timeZone: PARIS,
  }).format(date);
}

/** The time of day in Paris: « 18:52 ». */
export function formatTime(value: string | Date): string {
  const date = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) return String(value);
  return new Intl.DateTimeFormat('fr-FR', { hour: '2-digit', minute: '2-digit', timeZone: PARIS }).format(date);
}

/** Today in Paris, as `YYYY-MM-DD` (the API's notion of "today"). */
export function todayInParis(): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: PARIS, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(new Date());
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** The Paris offset on a given day and time, as `+01:00` or `+02:00`. */
export function parisOffset(day: string, time = '12:00'): string {
  const probe = new Date(`${day}T${time}:00Z`);
  try {
    const name = new Intl.DateTimeFormat('en-GB', { timeZone: PARIS, timeZoneName: 'longOffset' })
      .formatToParts(probe)
      .find((p) => p.type === 'timeZoneName')?.value;
    const match = /GMT([+-]\d{2}:\d{2})/.exec(name ?? '');
    if (match) return match[1];
  } catch {
    /* older engines: fall back below */
  }
  const month = Number(day.slice(5, 7));
  return month >= 4 && month <= 10 ? '+02:00' : '+01:00';
}

/** A timestamp as the day and time in Paris, for date and time inputs. */
export function parisDayAndTime(timestamp: string): { day: string; time: string } {
  const date = new Date(timestamp);
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: PARIS,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(date);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return { day: `${get('year')}-${get('month')}-${get('day')}`, time: `${get('hour')}:${get('minute')}` };
}

export const plural = (n: number, one: string, many: string) => `${n} ${n > 1 ? many : one}`;

/** Labels of the fields the API may name, for messages that are not next to their field. */
export const FIELD_LABELS: Record<string, string> = {
  email: 'adresse électronique',
  password: 'mot de passe',
  sessionDate: 'date de la séance',
  decision: 'décision',
  votesFor: 'voix pour',
  votesAgainst: 'voix contre',
  abstentions: 'abstentions',
  number: 'numéro de la délibération',
  documentSha256: 'empreinte du PDF',
  tieBrokenByChair: 'voix prépondérante du président',
  membersInOffice: 'membres en exercice',
  membersPresent: 'membres présents',
  proxies: 'pouvoirs',
  reconvened: 'seconde convocation',
  heldOn: 'date de la conférence',
  notes: 'notes',
  deliberationDeadline: 'échéance',
  signedOn: 'date de signature',
  reason: 'motif',
  body: 'requête',
  transmittedOn: 'date de transmission à la préfecture',
  actesId: 'identifiant @ctes',
  acknowledgedAt: 'accusé de réception',
  executoryOn: 'date à laquelle l’acte est exécutoire',
  title: 'titre',
  'territory.name': 'territoire',
  conferenceDate: 'date prévue de la conférence des maires',
  administrators: 'adresses copiées sur les relances',
  organisation: 'organisation',
  signatories: 'signataires',
  siren: 'SIREN',
  caf: 'nom de la CAF',
  departement: 'nom du conseil départemental',
  msa: 'nom de la MSA',
  csv: 'fichier CSV',
  file: 'fichier',
  fileName: 'nom du fichier',
  kind: 'type de document',
  replaces: 'document remplacé',
  text: 'texte du projet de délibération',
  name: 'nom',
  capacity: 'qualité',
  code: 'code',
  place: 'lieu',
  signingBodies: 'organismes signataires',
  signedBy: 'organismes signataires',
  conventionSha256: 'empreinte de la convention',
};

/** A rule that reads the API's English message, for any field or only for those it names. */
type FieldRule = [RegExp, (m: RegExpExecArray) => string, RegExp?];

const FIELD_RULES: FieldRule[] = [
  [/^must be the name of the person/, () => 'Saisissez le nom de la personne (200 caractères au plus).', /^name$/],
  [/^is required: choose the new account/, () => 'Choisissez le mot de passe de votre compte.', /^password$/],
  [/^must be left out: this e-mail has an account already/, () => 'Vous avez déjà un compte : acceptez sans mot de passe.', /^password$/],
  // Webhooks.
  [/^must be an https:\/\/ URL/, () => 'Saisissez une adresse https:// (http:// seulement vers cette machine, hors production). Rien n’a été enregistré.', /^url$/],
  [/^must be an absolute URL/, () => 'Saisissez une adresse complète, commençant par https://.', /^url$/],
  [/^must not carry a user or a password/, () => 'L’adresse ne doit contenir ni identifiant ni mot de passe : le récepteur vérifie la signature.', /^url$/],
  [/^(?:resolves to|must not point to) .*webhooks go to the public Internet only/, () => 'Cette adresse mène à un réseau privé ou local : les webhooks ne partent que vers Internet.', /^url$/],
  [/^names a host that does not resolve/, () => 'Ce nom de domaine est introuvable.', /^url$/],
  // Organisations.
  [/^you are not a manager of the organisation/, () => 'Vous n’êtes pas responsable de cette organisation : choisissez-en une dont vous l’êtes.', /^organisation$/],
  [/^you manage (\d+) organisations/, () => 'Vous êtes responsable de plusieurs organisations : choisissez celle qui lance la campagne.', /^organisation$/],
  [/^taken$/, () => 'Une organisation a déjà ce SIREN.', /^siren$/],
  [/^must be 9 digits/, () => 'Le SIREN compte 9 chiffres.', /^siren$/],
  [/^is not a valid SIREN/, () => 'Ce SIREN n’est pas valide (la clé de contrôle ne correspond pas).', /^siren$/],
  [/^must be a calendar day/, () => 'Saisissez une date valide (jour, mois, année).'],
  [/^must not be before the mayors' conference \((\d{4}-\d{2}-\d{2})\)/, (m) => `La date ne peut pas précéder la conférence des maires (${formatDay(m[1])}).`],
  [/^must not be in the future/, () => 'La date ne peut pas être dans le futur.'],
  [/^must be one of adopting, required/, () => 'Choisissez les organismes qui signent.'],
  [/^must be one of/, () => 'Choisissez une décision : adoptée, rejetée ou ajournée.'],
  [/^must be an integer from 0 to (\d+)/, (m) => `Saisissez un nombre entier de 0 à ${m[1]}.`],
  [/must be an integer number/, () => 'Saisissez un nombre entier.'],
  [/must not be less than (\d+)/, (m) => `Le nombre ne peut pas être inférieur à ${m[1]}.`],
  [/must not be greater than (\d+)/, (m) => `Le nombre ne peut pas dépasser ${m[1]}.`],
  [/^must be a text of at most (\d+) characters/, (m) => `${m[1]} caractères au plus.`],
  [/^must be a text of 1 to (\d+) characters/, (m) => `Indiquez un motif (${m[1]} caractères au plus).`, /^reason$/],
  [/^must be a text of 1 to (\d+) characters/, (m) => `Saisissez un texte de 1 à ${m[1]} caractères, sans caractère de contrôle.`],
  [/must be shorter than or equal to (\d+) characters/, (m) => `${m[1]} caractères au plus.`],
  [/must be longer than or equal to (\d+) characters/, (m) => `Ce champ doit compter au moins ${m[1]} caractère(s).`],
  [/must be 64 hexadecimal characters/, () => "L'empreinte SHA-256 doit compter 64 caractères hexadécimaux."],
  [/^must be true or false/, () => 'Cochez ou décochez la case.'],
  [/^adopted on a tie needs the chair's casting vote/, () => "En cas d'égalité des voix, l'adoption exige la voix prépondérante du président : cochez la case correspondante."],
  [/^adopted needs more votes for than against/, () => 'Une délibération adoptée doit compter plus de voix pour que de voix contre.'],
  [/^a tie broken by the chair's casting vote is adopted/, () => "Avec la voix prépondérante du président, l'égalité vaut adoption, pas rejet."],
  [/^rejected needs fewer votes for than against/, () => 'Une délibération rejetée doit compter moins de voix pour que de voix contre.'],
  [/^must not exceed membersInOffice/, () => 'Les membres présents ne peuvent pas dépasser les membres en exercice.'],
  [/^quorum not reached/, () => "Quorum non atteint : plus de la moitié des membres en exercice doivent être présents, sauf en seconde convocation."],
  [/^must not exceed membersPresent/, () => 'Les pouvoirs ne peuvent pas dépasser le nombre de membres présents.'],
  [/^votes for \+ against \+ abstentions exceed/, () => 'Le total des voix pour, contre et des abstentions dépasse les membres présents plus les pouvoirs.'],
  [/^must be an ISO 8601 timestamp/, () => 'Saisissez une date et une heure valides.'],
  [/should not be empty|must be a string/, () => 'Ce champ est obligatoire.'],
  [/^must be an e-?mail/, () => 'Saisissez une adresse électronique valide.'],
  [/^must not be before the session of the deliberation \((\d{4}-\d{2}-\d{2})\)/, (m) => `La date ne peut pas précéder la séance de la délibération (${formatDay(m[1])}).`],
  [/^must not be before the transmission \((\d{4}-\d{2}-\d{2})\)/, (m) => `La date ne peut pas précéder la transmission à la préfecture (${formatDay(m[1])}).`],
  [/^needs transmittedOn: an acknowledgment/, () => 'Indiquez d’abord la date de transmission : l’accusé de réception la suit.'],
  [/^needs transmittedOn: an act is executory/, () => 'Indiquez d’abord la date de transmission : un acte n’est exécutoire qu’une fois transmis (article L2131-1 du CGCT).'],
  [/^duplicates the signatory id (.+)$/, (m) => `Identifiant en double : ${m[1]}.`],
  [/^duplicates (.+)$/, (m) => `Adresse en double : ${m[1]}.`],
  [/^at least one signatory must be required/, () => 'Au moins un signataire doit être obligatoire (en principe l’intercommunalité et la CAF).'],
  [/^must list 1 to (\d+) signatories/, (m) => `Une campagne compte de 1 à ${m[1]} signataires.`],
  [/^must list 1 to (\d+) e-mail addresses/, (m) => `Indiquez de 1 à ${m[1]} adresses électroniques.`],
  [/^must be an ISO 8601 duration/, () => 'Saisissez un nombre entier de jours.'],
  [/^must be an integer of at least (\d+)/, (m) => `Saisissez un nombre entier supérieur ou égal à ${m[1]}.`],
  [/^must be 9 digits/, () => 'Un SIREN compte 9 chiffres (par exemple 200071298).'],
  [/^is not a valid SIREN/, () => 'Ce numéro n’est pas un SIREN valide (clé de contrôle erronée).'],
  [/^name the MSA/, () => 'Indiquez le nom de la MSA (par exemple MSA Midi-Pyrénées Sud) : ses territoires ne suivent pas les départements.'],
  [/^must be a name of at most (\d+) characters/, (m) => `${m[1]} caractères au plus.`],
  [/^must not contain control characters/, () => 'Ce texte ne doit pas contenir de caractère de contrôle.'],
  [/^unknown signatory (.+)$/, (m) => `Signataire inconnu : ${m[1]}.`],
  [/^is not valid JSON/, () => 'La requête est mal formée.'],
  // Uploads: the file, its name, a new version's reason (the API's wording, read by its key words).
  [/not a PDF|no %PDF- header|holds no PDF objects|no objects/i, () => 'Ce fichier n’est pas un PDF : choisissez le document au format PDF.', /^file$/],
  [/encrypted|password/i, () => 'Ce PDF est protégé par un mot de passe : envoyez une copie non protégée.', /^file$/],
  [/truncated/i, () => 'Ce PDF est incomplet (tronqué) : enregistrez-le de nouveau, puis réessayez.', /^file$/],
  [/empty|no pages/i, () => 'Ce fichier est vide : choisissez le PDF complet.', /^file$/],
  [/larger than|at most|must hold 1 byte to/i, () => `Le fichier dépasse la limite de ${MAX_UPLOAD_MB} Mo.`, /^file$/],
  [/stalled/i, () => 'L’envoi s’est arrêté : plus rien n’arrivait au serveur. Vérifiez votre connexion et réessayez.', /^file$/],
  [/interrupted/i, () => 'L’envoi a été interrompu avant la fin : réessayez.', /^file$/],
  [/damaged|cannot be parsed|malformed|refused/i, () => 'Ce PDF est endommagé : il ne peut pas être lu. Enregistrez-le de nouveau, puis réessayez.', /^file$/],
  [/path separator/i, () => 'Le nom du fichier ne doit contenir ni « / » ni « \\ » : renommez-le, puis réessayez.', /^fileName$/],
  [/control character|not valid UTF-8/i, () => 'Le nom du fichier contient un caractère invisible ou invalide : renommez-le, puis réessayez.', /^fileName$/],
  [/longer than|must be a name of/i, () => 'Le nom du fichier est trop long (255 caractères au plus) : renommez-le, puis réessayez.', /^fileName$/],
  [/required/i, () => 'Le fichier n’a pas de nom : renommez-le, puis réessayez.', /^fileName$/],
  [/^is required: a new version of the act/, () => 'Un acte a déjà été déposé : indiquez pourquoi ce nouveau fichier le remplace.', /^reason$/],
  [/^is required: a new version/, () => 'Les délibérations ont commencé : indiquez pourquoi cette nouvelle version remplace la précédente.', /^reason$/],
  [/^must be the SHA-256 of an act uploaded/, () => 'Déposez d’abord la délibération signée : le vote ne peut citer que l’empreinte d’un acte déposé.'],
  [/^uses the unknown placeholder \{\{([^{}]*)\}\}/, (m) => `La balise {{${m[1]}}} est inconnue : utilisez seulement les balises listées.`, /^text$/],
  [/^uses (\d+) more unknown placeholders/, (m) => `Et ${m[1]} autres balises inconnues.`, /^text$/],
  [/^has a \{\{ that no \}\} closes \(line (\d+)\)/, (m) => `Une balise ouverte par {{ n’est pas refermée par }} (ligne ${m[1]}).`, /^text$/],
  [/^is required: the wording/, () => 'Saisissez le texte du projet de délibération, ou rétablissez le texte par défaut.', /^text$/],
  [/^must be at most (\d+) characters/, (m) => `Le texte dépasse ${m[1]} caractères.`, /^text$/],
  [/^must not contain control characters other than/, () => 'Le texte contient un caractère invisible non autorisé (seuls les retours à la ligne et les tabulations le sont).', /^text$/],
  // The signature: the code a signing authority types, and what it signs.
  [/the link is now locked/, () => 'Ce code n’est pas le bon, et c’était le dernier essai : ce lien de signature est maintenant verrouillé. Demandez un nouveau lien aux administrateurs de la campagne.', /^code$/],
  [/^is not the code e-mailed; (\d+) attempt/, (m) => `Ce code n’est pas celui envoyé par courriel. Il vous reste ${plural(Number(m[1]), 'essai', 'essais')}.`, /^code$/],
  [/^has expired or was used already: ask for a new code; (\d+) attempt/, (m) => `Ce code a expiré ou a déjà servi : demandez un nouveau code. Il vous reste ${plural(Number(m[1]), 'essai', 'essais')}.`, /^code$/],
  [/^is not the last code sent/, () => 'Un code plus récent vous a été envoyé : saisissez le dernier code reçu, ou demandez-en un nouveau.', /^code$/],
  [/^must be the 6 digits of the code/, () => 'Saisissez les 6 chiffres du code reçu par courriel.', /^code$/],
  [/^is not the convention sent round for signature \(version (\d+)/, (m) => `Le document affiché n’est pas la convention envoyée pour signature (version ${m[1]}) : rechargez la page.`],
  [/^must be 64 lower-case hexadecimal/, () => "L'empreinte SHA-256 doit compter 64 caractères hexadécimaux."],
  [/^is required: an administrator replacing a named signing authority/, () => 'Une autorité signataire est déjà nommée : indiquez pourquoi vous la remplacez.', /^reason$/],
  [/^names (\S+) a second time/, (m) => `${m[1]} est nommé deux fois.`],
  [/^(.+) has not adopted the convention \((\w+)\)/, (m) => `${m[1]} n’a pas adopté la convention (${statusLabel(m[2])}) : seuls les organismes qui l’ont adoptée la signent.`],
  [/^must be one of convention, annex/, () => 'Choisissez la convention ou une annexe.', /^kind$/],
];

/** The largest file the API takes (issue 16: 50 MiB). */
export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;
const MAX_UPLOAD_MB = 50;

/** A file's size in French: « 850 octets », « 12 ko », « 2,4 Mo » (binary multiples, as file managers show). */
export function formatSize(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  if (bytes < 1024) return `${bytes} octet${bytes > 1 ? 's' : ''}`;
  const format = (n: number) => new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 }).format(n);
  if (bytes < 1024 * 1024) return `${format(Math.max(1, Math.round(bytes / 1024)))} ko`;
  return `${format(bytes / 1024 / 1024)} Mo`;
}

/** One field's message from the API, in French (the English text when no rule knows it). */
export function translateFieldMessage(message: string, field = ''): string {
  for (const [pattern, render, fields] of FIELD_RULES) {
    if (fields && !fields.test(field)) continue;
    const match = pattern.exec(message);
    if (match) return render(match);
  }
  return message;
}

/** The bodies the SCDL export lacks a SIRET or a number for, as the API's 409 names them. */
function missingForOpenData(detail: string): string {
  return detail
    .split('; ')
    .map((part) =>
      part
        .replace(/^no SIRET for (.+) \(give it .*\)$/, 'sans SIRET : $1 (à donner dans la colonne siret des signataires au lancement)')
        .replace(/^no deliberation number for (.+) \(correct .*\)$/, 'sans numéro de délibération : $1 (corrigez la délibération)'),
    )
    .join(' ; ');
}

const MESSAGE_RULES: [RegExp, (m: RegExpExecArray) => string][] = [
  [/^the SCDL export needs every body's SIRET and deliberation number: (.+)$/, (m) => `Le fichier SCDL serait refusé par data.gouv.fr : ${missingForOpenData(m[1])}.`],
  [/^this invitation is invalid, expired, withdrawn or accepted already/, () => 'Cette invitation n’est plus valable : elle a expiré, a été retirée ou a déjà été acceptée. Demandez-en une nouvelle.'],
  [/^(\S+) is a member of (.+) already/, (m) => `${m[1]} est déjà membre de ${m[2]} : changez plutôt son rôle.`],
  [/^the invitation could not be e-mailed/, () => 'L’invitation n’a pas pu être envoyée par courriel (adresse refusée ou serveur de messagerie indisponible) : rien n’a été gardé. Vérifiez l’adresse et réessayez.'],
  [/^invitations cannot be e-mailed/, () => 'Cette installation n’a pas de serveur de messagerie : les invitations ne peuvent pas être envoyées.'],
  [/^no invitation of (\S+) awaits an answer/, (m) => `Aucune invitation de ${m[1]} n’attend de réponse.`],
  [/^the account of this e-mail is disabled/, () => 'Le compte de cette adresse est désactivé : adressez-vous à l’opérateur de l’installation.'],
  [/^an observer reads the campaign/, () => 'Vous êtes observateur de cette campagne : vous la consultez et téléchargez ses pièces, sans rien modifier. Demandez à un responsable.'],
  [/^(.+) is the last manager of (.+): name another manager first/, (m) => `${m[1]} est le dernier responsable de ${m[2]} : nommez d’abord un autre responsable. Rien n’a été modifié.`],
  [/^no account has the e-mail (\S+)/, (m) => `Aucun compte n’a l’adresse ${m[1]} : l’opérateur de l’installation le crée d’abord.`],
  [/^(\S+) is not a member of (.+)$/, (m) => `${m[1]} n’est pas membre de ${m[2]}.`],
  [/^only the managers of (.+) (share the campaign|manage its members|manage its webhooks)/, (m) => `Seuls les responsables de ${m[1]} peuvent le faire.`],
  [/^unknown (webhook|delivery) /, () => 'Ce webhook ou cet envoi n’existe plus.'],
  [/^only the installation's operator/, () => 'Seul l’opérateur de l’installation peut le faire.'],
  [/^only an organisation's managers launch campaigns/, () => 'Seuls les responsables d’une organisation lancent des campagnes : vous n’en êtes pas.'],
  [/^a campaign with the id (\S+) exists: choose another id/, () => 'Une campagne porte déjà cet identifiant : choisissez-en un autre.'],
  [/^an organisation with the SIREN (\d+) exists/, (m) => `Une organisation a déjà le SIREN ${m[1]}. Rien n’a été modifié.`],
  [/^(.+) launched the campaign and holds it/, (m) => `${m[1]} a lancé la campagne et la garde.`],
  [/^the organisation (\d+) is not a partner of this campaign/, () => 'Cette organisation n’est pas partenaire de la campagne.'],
  [/^unknown organisation (\d+)/, (m) => `Aucune organisation n’a le SIREN ${m[1]}.`],
  [/^unknown e-mail or wrong password/, () => 'Adresse électronique inconnue ou mot de passe erroné.'],
  [/^this personal link is invalid, expired or revoked/, () => "Ce lien personnel n'est plus valable : il a expiré ou a été remplacé. Demandez un nouveau lien à l'intercommunalité."],
  [/^this personal link does not give access/, () => "Ce lien personnel ne donne pas accès à cette page : il ne vaut que pour votre collectivité."],
  [/^authentication required/, () => 'Vous devez vous identifier.'],
  [/^invalid or expired access token/, () => 'Votre session a expiré : reconnectez-vous.'],
  [/^too many requests: try again in (\d+) s/, (m) => `Trop de tentatives : réessayez dans ${m[1]} secondes.`],
  [/^unknown campaign (.+)$/, (m) => `Campagne introuvable : ${m[1]}.`],
  [/^unknown signatory (\S+) in campaign/, (m) => `Signataire introuvable : ${m[1]}.`],
  [/^(.+) already has a final decision \((\w+)\)/, (m) => `${m[1]} a déjà une décision définitive (${statusLabel(m[2])}) : seul un administrateur peut la corriger.`],
  [/^(.+) has already decided \((\w+)\)/, (m) => `${m[1]} a déjà pris sa décision (${statusLabel(m[2])}).`],
  [/^cannot (.+) while the campaign is (\w+)/, (m) => `Action impossible : la campagne est « ${phaseLabel(m[2])} ».`],
  [/^the campaign is (\w+): no link can be issued/, (m) => `Aucun lien ne peut être émis : la campagne est « ${phaseLabel(m[1])} ».`],
  [/^the mayors' conference was already recorded as held on (\S+)/, (m) => `La conférence des maires est déjà enregistrée au ${formatDay(m[1])}.`],
  [/^only a rejected deliberation can be reopened; (.+) is (\w+)/, (m) => `Seule une délibération rejetée peut être rouverte ; ${m[1]} est « ${statusLabel(m[2])} ».`],
  [/^(.+) has no recorded deliberation to correct/, (m) => `${m[1]} n'a pas encore de délibération enregistrée à corriger.`],
  [/^the convention can be signed only when awaiting signature/, () => 'La convention ne peut être signée que lorsque la campagne est en attente de signature.'],
  [/^required signatories have not adopted: (.*)$/, (m) => `Des signataires obligatoires n'ont pas adopté la convention : ${m[1]}.`],
  [/^a signed convention cannot be cancelled/, () => 'Une convention signée ne peut pas être annulée.'],
  [/^(.+) has no final deliberation whose legal follow-up could be recorded/, (m) => `${m[1]} n'a pas de délibération définitive dont le contrôle de légalité puisse être enregistré.`],
  [/^a different campaign with id (\S+) already exists/, (m) => `Une autre campagne porte déjà l'identifiant « ${m[1]} » : changez le titre.`],
  [/^no EPCI with SIREN (\d+) in \S+ \(EPCI à fiscalité propre\): it is the SIREN of the commune (.+?) \((\w+)\)(?:, whose EPCI is (.+))?$/, (m) =>
    `Aucune intercommunalité n'a le SIREN ${m[1]} : c'est celui de la commune ${m[2]} (${m[3]})${m[4] ? `, dont l'intercommunalité est ${m[4]}` : ''}.`],
  [/^no EPCI with SIREN (\d+)/, (m) => `Aucune intercommunalité (EPCI à fiscalité propre) n'a le SIREN ${m[1]} dans les données de l'INSEE.`],
  [/^(\d+) problems? (on \d+ lines? of|in) the CSV; nothing was imported/, (m) => `Le fichier CSV comporte ${plural(Number(m[1]), 'problème', 'problèmes')} : rien n'a été importé.`],
  [/^the request body is larger than 1 MiB/, () => 'La requête dépasse 1 Mio.'],
  [/^malformed JSON/, () => 'La requête est mal formée.'],
  [/^cannot attach a deliberation act before the mayors' conference/, () => 'L’acte ne peut être déposé qu’après la conférence des maires.'],
  [/^cannot [^:]+: the campaign is (\w+)/, (m) => `Action impossible : la campagne est « ${phaseLabel(m[1])} ».`],
  [/^no body of the campaign .+ has sent its act yet/, () => 'Aucun acte n’a encore été déposé : il n’y a rien à télécharger.'],
  [/^the campaign \S+ has no document (\S+)/, (m) => `Document introuvable : ${m[1]}.`],
  [/^unknown annex (\S+)/, (m) => `Annexe introuvable : ${m[1]}.`],
  [/^the document store (could not be read|is unavailable)/, () => 'Le stockage des documents est momentanément indisponible : réessayez dans quelques instants.'],
  [/^the file (.+) is missing from the document store/, (m) => `Le fichier ${m[1]} manque au stockage des documents : prévenez l’exploitant.`],
  [/^this signature link is locked after (\d+) wrong codes/, (m) => `Ce lien de signature est verrouillé après ${m[1]} codes erronés : demandez un nouveau lien aux administrateurs de la campagne.`],
  [/^ask for a code first/, () => 'Demandez d’abord un code : il est envoyé par courriel à l’adresse de votre organisme au moment de signer.'],
  [/^(.+) signed already, on (\d{4}-\d{2}-\d{2})/, (m) => `${m[1]} a déjà signé la convention, le ${formatDay(m[2])}.`],
  [/^(.+) has signed already: its signing authority/, (m) => `${m[1]} a déjà signé : son autorité signataire fait partie du registre et ne change plus.`],
  [/^the campaign is (\w+): nothing is signed any more/, (m) => `La campagne est « ${phaseLabel(m[1])} » : plus rien ne peut être signé.`],
  [/^the convention was already sent round for signature on (\d{4}-\d{2}-\d{2})/, (m) => `La convention a déjà été envoyée pour signature, le ${formatDay(m[1])}.`],
  [/^attach the convention before sending it round/, () => 'Déposez d’abord la convention : c’est elle qui est envoyée pour signature.'],
  [/^(.+) is not among the bodies the convention was sent to/, (m) => `${m[1]} ne fait pas partie des organismes à qui la convention a été envoyée pour signature.`],
  [/^(.+) has not adopted the convention \((\w+)\)/, (m) => `${m[1]} n’a pas adopté la convention (${statusLabel(m[2])}) : seuls les organismes qui l’ont adoptée la signent.`],
  [/^cannot name a signing authority before the mayors' conference/, () => 'L’autorité signataire ne peut être nommée qu’après la conférence des maires.'],
  [/only when the convention awaits its signature; the campaign is (\w+)/, (m) => `Action possible seulement quand la convention attend sa signature ; la campagne est « ${phaseLabel(m[1])} ».`],
  [/^the convention was already signed on (\d{4}-\d{2}-\d{2})/, (m) => `La convention est déjà signée, le ${formatDay(m[1])}.`],
  [/^the campaign \S+ has no convention signed at a ceremony/, () => 'Aucune convention signée n’a été déposée lors d’une cérémonie.'],
  [/^the convention has not been sent round for signature/, () => 'La convention n’a pas encore été envoyée pour signature.'],
  [/^only the body's signature link signs for it/, () => 'Seul le lien de signature de l’organisme permet de signer pour lui.'],
  [/^The upload must be sent as multipart/, () => 'Le fichier n’a pas pu être envoyé par ce navigateur.'],
];

/** What an upload's refusal means when the API's message names nothing this interface knows. */
const UPLOAD_STATUS_TEXT: Record<number, string> = {
  408: 'L’envoi s’est arrêté : plus rien n’arrivait au serveur. Vérifiez votre connexion et réessayez.',
  413: `Le fichier dépasse la limite de ${MAX_UPLOAD_MB} Mo.`,
  415: 'Ce fichier n’est pas un PDF : choisissez le document au format PDF.',
  422: 'Ce PDF ne peut pas être accepté : il est vide, incomplet, protégé par un mot de passe ou endommagé.',
};

/**
 * An upload's refusal, field by field, in French: the file's own problems under `file` (a name's
 * under `fileName` is shown at the file too, which is what the user changes).
 */
export function uploadErrors(failure: unknown): Record<string, string> {
  const errors = fieldErrors(failure);
  const f = failure as ApiFailure;
  if (errors.fileName) {
    errors.file = errors.file ? `${errors.file} ${errors.fileName}` : errors.fileName;
    delete errors.fileName;
  }
  const fileField = f?.fields?.find((e) => e.field === 'file');
  // A message no rule knew stays in English: the status says enough in French.
  if (errors.file && fileField && errors.file === fileField.message && UPLOAD_STATUS_TEXT[f.status]) errors.file = UPLOAD_STATUS_TEXT[f.status];
  if (!Object.keys(errors).length && f && UPLOAD_STATUS_TEXT[f.status] && f.status !== 422) errors.file = UPLOAD_STATUS_TEXT[f.status];
  return errors;
}

/** The API's message, for a failure not tied to one field, in French. */
export function describeFailure(failure: unknown): string {
  const f = failure as ApiFailure;
  if (!f || typeof f.status !== 'number') return 'Une erreur inattendue est survenue. Réessayez.';
  if (f.status === 0) return 'Le serveur est injoignable : vérifiez votre connexion et réessayez.';
  for (const [pattern, render] of MESSAGE_RULES) {
    const match = pattern.exec(f.message);
    if (match) return render(match);
  }
  if (f.status === 503) return 'Le service est momentanément indisponible : réessayez dans quelques instants. Rien n’a été enregistré.';
  if (f.status === 401) return 'Vous devez vous identifier.';
  if (f.status === 403) return "Vous n'avez pas accès à cette ressource.";
  if (f.status === 404) return 'Ressource introuvable.';
  if (f.fields.length > 0) return 'Certains champs sont à corriger.';
  if (f.status >= 500) return 'Le serveur a rencontré une erreur : réessayez. Rien n’a été enregistré.';
  return `La demande a été refusée (${f.status}) : ${f.message}`;
}

/** The API's field errors keyed by field, in French. */
export function fieldErrors(failure: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  const fields: FieldError[] = (failure as ApiFailure)?.fields ?? [];
  for (const { field, message } of fields) {
    const key = field.replace(/^deliberation\./, '');
    const text = translateFieldMessage(message, key);
    out[key] = out[key] ? `${out[key]} ${text}` : text;
  }
  return out;
}

function actorLabel(actor: CampaignEvent['actor']): string {
  if (actor.kind === 'administrator') return `administrateur ${actor.id}`;
  if (actor.kind === 'secretary') return actor.name ? `${actor.name}, pour le secrétariat (lien transmis)` : 'secrétariat (lien personnel)';
  if (actor.kind === 'system') return 'moteur (automatique)';
  if (actor.kind === 'signer') return `autorité signataire (lien de signature${actor.ip ? `, IP ${actor.ip}` : ''})`;
  return actor.kind;
}

/** One line of the timeline, in French. */
export function describeEvent(event: CampaignEvent, names: Record<string, string>): { title: string; detail?: string; actor: string } {
  const d = event.data as Record<string, any>;
  const who = (sid: unknown) => names[String(sid)] ?? String(sid);
  const votes = (x: Record<string, any> | undefined) =>
    x ? `${DECISIONS[x.decision as Decision] ?? x.decision} — ${x.votesFor} pour, ${x.votesAgainst} contre, ${x.abstentions} abstention(s)${x.number ? `, n° ${x.number}` : ''}` : '';
  const actor = actorLabel(event.actor);
  switch (event.type) {
    case 'CampaignLaunched':
      return { title: 'Campagne lancée', detail: `${(d.signatories as unknown[] | undefined)?.length ?? '?'} signataires`, actor };
    case 'ConferenceHeld':
      return { title: 'Conférence des maires tenue', detail: `le ${formatDay(d.heldOn)}${d.notes ? ` — ${d.notes}` : ''}`, actor };
    case 'SessionScheduled':
      return { title: `Séance annoncée : ${who(d.signatoryId)}`, detail: `le ${formatDay(d.sessionDate)}`, actor };
    case 'DeliberationRecorded':
      return { title: `Délibération enregistrée : ${who(d.signatoryId)}`, detail: `${votes(d.deliberation)}${d.late ? ' (en retard)' : ''}`, actor };
    case 'DeliberationCorrected':
      return { title: `Délibération corrigée : ${who(d.signatoryId)}`, detail: `${votes(d.deliberation)} — motif : ${d.reason}`, actor };
    case 'DeliberationReopened':
      return { title: `Délibération rouverte : ${who(d.signatoryId)}`, detail: `motif : ${d.reason}`, actor };
    case 'DeadlineMoved':
      return { title: 'Échéance déplacée', detail: `au ${formatTimestamp(d.deliberationDeadline)} (auparavant ${formatTimestamp(d.previous)})`, actor };
    case 'DeadlinePassed':
      return { title: 'Échéance atteinte', detail: formatTimestamp(d.deliberationDeadline), actor };
    case 'SignatureOpened':
      return {
        title: 'Signature ouverte',
        detail: d.reason === 'all_decided' ? 'tous les signataires ont délibéré' : "à l'échéance, les signataires obligatoires ayant adopté",
        actor,
      };
    case 'ReminderSent':
      return { title: `Relance n° ${d.number} envoyée : ${who(d.signatoryId)}`, detail: `à ${(d.to ?? []).join(', ')}${d.cc?.length ? ` (copie : ${d.cc.join(', ')})` : ''}`, actor };
    case 'ReminderRefused':
      return { title: `Relance n° ${d.number} refusée par le serveur de messagerie : ${who(d.signatoryId)}`, detail: `adresse ${(d.to ?? []).join(', ')} : ${d.reason}`, actor };
    case 'ConventionSigned':
      return { title: 'Convention signée', detail: signatureText(d as ConventionSignature), actor };
    case 'SigningAuthorityNamed':
      return { title: `Autorité signataire nommée : ${who(d.signatoryId)}`, detail: `${d.name}, ${d.capacity}${d.reason ? ` — motif : ${d.reason}` : ''}`, actor };
    case 'SignatureCirculated':
      return {
        title: 'Convention envoyée pour signature',
        detail: `« ${d.conventionName} », version ${d.conventionVersion}, à ${plural((d.signers ?? []).length, 'organisme', 'organismes')} (${SIGNING_BODIES_LABELS[d.signingBodies as SigningBodies] ?? d.signingBodies})`,
        actor,
      };
    case 'SignatureLinkSent':
      return {
        title: `${d.reminder ? `Rappel n° ${d.reminder} : lien` : 'Lien'} de signature envoyé : ${who(d.signatoryId)}`,
        detail: `à ${(d.to ?? []).join(', ')}, valable jusqu'au ${formatTimestamp(d.expiresAt)}`,
        actor,
      };
    case 'SignatureCodeSent':
      return { title: `Code de signature envoyé : ${who(d.signatoryId)}`, detail: `à ${(d.to ?? []).join(', ')}, valable jusqu'à ${formatTime(d.expiresAt)}`, actor };
    case 'BodySigned':
      return { title: `Convention signée par ${who(d.signatoryId)}`, detail: `${d.name}, ${d.capacity} — version ${d.conventionVersion}, SHA-256 ${d.conventionSha256}`, actor };
    case 'LegalFollowUpRecorded':
      return { title: `Contrôle de légalité enregistré : ${who(d.signatoryId)}`, detail: legalFollowUpText(d.legalFollowUp), actor };
    case 'PersonalLinkSent':
      return { title: `Lien personnel envoyé par e-mail : ${who(d.signatoryId)}`, detail: `à ${(d.to ?? []).join(', ')}, valable jusqu'au ${formatTimestamp(d.expiresAt)}`, actor };
    case 'PersonalLinkForwarded':
      return {
        title: `Lien transmis : ${who(d.signatoryId)}`,
        detail: `à ${d.delegate?.name ?? ''} (${d.delegate?.email ?? ''}), valable jusqu'au ${formatTimestamp(d.expiresAt)} ; le lien de l’expéditeur reste valable`,
        actor,
      };
    case 'DocumentAttached':
      return {
        title: `${d.kind === 'convention' ? 'Convention' : `Annexe ${String(d.documentId ?? '').replace(/^annexe-/, '')}`} déposée (version ${d.version})`,
        detail: `« ${d.name} », ${formatSize(Number(d.size))}${d.reason ? ` — motif : ${d.reason}` : ''}`,
        actor,
      };
    case 'ConventionConsulted':
      return { title: `Convention consultée : ${who(d.signatoryId)}`, detail: `version ${d.version}`, actor };
    case 'DeliberationActAttached':
      return {
        title: `Acte déposé : ${who(d.signatoryId)} (version ${d.version})`,
        detail: `« ${d.name} », ${formatSize(Number(d.size))}${d.reason ? ` — motif : ${d.reason}` : ''}`,
        actor,
      };
    case 'DraftTemplateReplaced':
      return { title: 'Texte du projet de délibération modifié', detail: d.text === null ? 'texte par défaut rétabli' : undefined, actor };
    case 'CampaignCancelled':
      return { title: 'Campagne annulée', detail: `motif : ${d.reason}`, actor };
    default:
      return { title: event.type, actor };
  }
}

export const SIGNING_BODIES_LABELS: Record<SigningBodies, string> = {
  adopting: 'Tous les organismes ayant adopté',
  required: 'Les signataires obligatoires seulement',
};

/** « le 21 novembre 2023, à Villefranche-de-Lauragais, lors d’une cérémonie, par 3 organismes ». */
export function signatureText(signature: ConventionSignature): string {
  const how =
    signature.way === 'ceremony'
      ? `${signature.place ? `, à ${signature.place}` : ''}, lors d’une cérémonie`
      : signature.way === 'circulated'
        ? ', par lien de signature (signature électronique simple)'
        : '';
  return `le ${formatDay(signature.signedOn)}${how}, par ${plural(signature.signedBy.length, 'organisme', 'organismes')}`;
}

/** A body's part in the signature: « en attente », « signé le … par Marie Dupont, le Maire », « ne signe pas ». */
export function bodySignatureText(body: SigningBody, signature: ConventionSignature | null): string {
  if (body.signature) return `signé le ${formatTimestamp(body.signature.at)} par ${body.signature.name}, ${body.signature.capacity}`;
  if (body.signatureStatus === 'signed') {
    const authority = body.signingAuthority ? ` par ${body.signingAuthority.name}, ${body.signingAuthority.capacity}` : '';
    return `signé le ${formatDay(signature?.signedOn)}${authority}${signature?.way === 'ceremony' ? ' (cérémonie)' : ''}`;
  }
  return body.signatureStatus === 'awaiting' ? 'en attente' : 'ne signe pas';
}

/** An address shown on screen without spelling it out: « s…@….fr ». */
export function maskEmail(address: string): string {
  const at = address.lastIndexOf('@');
  if (at < 1) return '…';
  const domain = address.slice(at + 1);
  const dot = domain.lastIndexOf('.');
  return `${address[0]}…@…${dot >= 0 ? domain.slice(dot) : ''}`;
}

/** « transmise le 10 juillet 2023 (@ctes 031-…), accusé de réception le 10 juillet 2023 à 14:32, exécutoire le 12 juillet 2023 ». */
export function legalFollowUpText(f: LegalFollowUp | null | undefined): string {
  if (!f || Object.keys(f).length === 0) return 'rien d’enregistré';
  const parts = [
    f.transmittedOn ? `transmise le ${formatDay(f.transmittedOn)}${f.actesId ? ` (@ctes ${f.actesId})` : ''}` : f.actesId ? `@ctes ${f.actesId}` : '',
    f.acknowledgedAt ? `accusé de réception le ${formatTimestamp(f.acknowledgedAt)}` : '',
    f.executoryOn ? `exécutoire le ${formatDay(f.executoryOn)}` : '',
  ];
  return parts.filter(Boolean).join(', ');
}

/** The alert of a campaign whose record is stuck: what happened, since when, what to do. */
export function recordFaultText(fault: RecordFault): { title: string; detail: string } {
  return {
    title: `Le registre de la campagne est bloqué depuis le ${formatTimestamp(fault.since)}`,
    detail:
      `La base de données refuse d’enregistrer les derniers événements (${plural(fault.attempts, 'tentative', 'tentatives')}) : ` +
      'les votes et actions suivants sont conservés mais n’apparaîtront pas tant que la cause n’est pas corrigée. ' +
      `Transmettez ce message à l’exploitant : « ${fault.lastError} ».`,
  };
}
