import ical from 'ical-generator';
import { Deliberation, SignatoryKind, dayInParis } from '@ctg/domain';

/** What a campaign's calendar shows: its deadline, its conference, and each body's session. */
export interface CampaignCalendarSource {
  id: string;
  title: string;
  /** The deadline as the administrator wrote it, with its offset. */
  deliberationDeadline: string;
  /** The day the conference was held, or the day planned at launch. */
  conferenceDay?: string;
  conferenceHeld: boolean;
  sessions: { signatoryId: string; name: string; kind: SignatoryKind; day: string; deliberation?: Deliberation }[];
  /** The time of the campaign's last event: the feed's DTSTAMP, so an unchanged campaign gives the same feed. */
  updatedAt: string;
}

const ASSEMBLY: Record<SignatoryKind, (name: string) => string> = {
  commune: (name) => `Conseil municipal de ${name}`,
  epci: (name) => `Conseil communautaire — ${name}`,
  caf: (name) => `Conseil d’administration — ${name}`,
  msa: (name) => `Conseil d’administration — ${name}`,
  departement: (name) => `Séance — ${name}`,
  other: (name) => `Séance — ${name}`,
};

const DECISION: Record<Deliberation['decision'], string> = { adopted: 'adoptée', rejected: 'rejetée', adjourned: 'ajournée' };

/** A calendar day as the all-day value the generator writes as it is (it reads a Date's UTC fields when no time zone is set). */
const allDay = (day: string) => new Date(`${day}T00:00:00Z`);

const parisTime = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', hour: '2-digit', minute: '2-digit' });

/**
 * The campaign's iCalendar feed. Each item's UID is derived from the campaign and what it is (the
 * deadline, the conference, a body's session), never from its date: a moved deadline or session
 * updates the event a subscriber has rather than adding one. Dates are all-day events on their
 * day in Paris; the calendar says Europe/Paris for clients that show it.
 */
export function campaignCalendar(source: CampaignCalendarSource, host: string): string {
  const uid = (what: string) => `${what}.${source.id}@${host}`;
  const stamp = new Date(source.updatedAt);
  const calendar = ical({
    name: source.title,
    prodId: { company: 'CTG', product: 'deliberations', language: 'FR' },
    x: [['X-WR-TIMEZONE', 'Europe/Paris']],
  });
  const deadline = Date.parse(source.deliberationDeadline);
  calendar.createEvent({
    id: uid('deadline'),
    allDay: true,
    start: allDay(dayInParis(deadline)),
    stamp,
    summary: `Date limite des délibérations — ${source.title}`,
    description: `Chaque signataire délibère au plus tard ce jour, à ${parisTime.format(deadline)} (heure de Paris).`,
  });
  if (source.conferenceDay) {
    calendar.createEvent({
      id: uid('conference'),
      allDay: true,
      start: allDay(source.conferenceDay),
      stamp,
      summary: `Conférence des maires — ${source.title}`,
      description: source.conferenceHeld ? 'Conférence tenue : elle a ouvert les délibérations.' : 'Conférence prévue : elle ouvrira les délibérations.',
    });
  }
  for (const session of source.sessions) {
    const d = session.deliberation;
    const voted = d && d.sessionDate === session.day;
    calendar.createEvent({
      id: uid(`session.${session.signatoryId}`),
      allDay: true,
      start: allDay(session.day),
      stamp,
      summary: ASSEMBLY[session.kind](session.name),
      description: voted
        ? `Délibération ${DECISION[d.decision]} : ${d.votesFor} pour, ${d.votesAgainst} contre, ${d.abstentions} abstentions.`
        : `Séance annoncée : délibération sur « ${source.title} ».`,
    });
  }
  return calendar.toString();
}
