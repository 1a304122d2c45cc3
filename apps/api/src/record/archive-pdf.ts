import PDFDocument from 'pdfkit';
import { CampaignArchive } from '@ctg/persistence';

/**
 * The campaign's archive as a PDF in French: steps and their dates, the signatories'
 * deliberations, their contrôle de légalité, the reminders sent, the signature, and the final hash
 * of the record's chain. Only PDF's standard fonts (Helvetica, Courier): nothing is fetched or
 * embedded, and their WinAnsi encoding covers French (é, è, à, ç, œ, ’, «, », €).
 */

const TIME_ZONE = 'Europe/Paris';
const MARGIN = 40;
const GREY = '#555555';
const RULE = '#bbbbbb';

const dayFormat = new Intl.DateTimeFormat('fr-FR', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' });
const shortDayFormat = new Intl.DateTimeFormat('fr-FR', { timeZone: 'UTC', day: '2-digit', month: '2-digit', year: 'numeric' });
const instantFormat = new Intl.DateTimeFormat('fr-FR', { timeZone: TIME_ZONE, dateStyle: 'long', timeStyle: 'short' });
const parisDayFormat = new Intl.DateTimeFormat('fr-FR', { timeZone: TIME_ZONE, dateStyle: 'long' });
const shortInstantFormat = new Intl.DateTimeFormat('fr-FR', { timeZone: TIME_ZONE, dateStyle: 'short', timeStyle: 'short' });
const numberFormat = new Intl.NumberFormat('fr-FR');

/** `2023-06-01` → « 1er juin 2023 ». */
export function frenchDay(day: string): string {
  return dayFormat.format(new Date(`${day}T12:00:00Z`)).replace(/^1 /, '1er ');
}

/** An instant, in Paris: « 13 juin 2023 à 10:05 ». */
export function frenchInstant(iso: string): string {
  return instantFormat.format(new Date(iso)).replace(/^1 /, '1er ');
}

/** The day of an instant, in Paris: « 13 juin 2023 ». */
function frenchDayOf(iso: string): string {
  return parisDayFormat.format(new Date(iso)).replace(/^1 /, '1er ');
}

const shortDay = (day: string | undefined) => (day ? shortDayFormat.format(new Date(`${day}T12:00:00Z`)) : '');
const count = (n: number) => numberFormat.format(n);
const plural = (n: number, one: string, many: string) => `${count(n)} ${n > 1 ? many : one}`;

/** Characters outside WinAnsi (the standard fonts' encoding) become their nearest equivalent, or « ? ». */
const WIN_ANSI_EXTRA = '€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ';
export function pdfText(text: string): string {
  return text
    .replace(/[\u202f\u2009\u2007]/g, '\u00a0')
    .replace(/[\u2010\u2011]/g, '-')
    .replace(/[^\u0020-\u007e\u00a0-\u00ff\n]/g, (c) => (WIN_ANSI_EXTRA.includes(c) ? c : '?'));
}

const DECISIONS: Record<string, string> = {
  adopted: 'adoptée',
  rejected: 'rejetée',
  adjourned: 'ajournée',
  pending: 'en attente',
  scheduled: 'séance prévue',
};

const PHASES: Record<string, string> = {
  awaiting_conference: 'en attente de la conférence des maires',
  deliberating: 'délibérations en cours',
  awaiting_signature: 'en attente de signature',
  signed: 'convention signée',
  cancelled: 'campagne annulée',
};

interface Column {
  title: string;
  width: number;
  align?: 'left' | 'right' | 'center';
}

class ArchiveWriter {
  readonly doc: PDFKit.PDFDocument;

  constructor(private readonly archive: CampaignArchive) {
    this.doc = new PDFDocument({
      size: 'A4',
      margin: MARGIN,
      bufferPages: true,
      lang: 'fr-FR',
      info: {
        Title: pdfText(`Archive — ${archive.title}`),
        Subject: pdfText(`Registre de la campagne ${archive.campaignId}`),
        Keywords: `sha256:${archive.finalHash}`,
      },
    });
  }

  get width(): number {
    return this.doc.page.width - 2 * MARGIN;
  }

  private get bottom(): number {
    return this.doc.page.height - MARGIN;
  }

  private ensureRoom(height: number): void {
    if (this.doc.y + height > this.bottom) this.doc.addPage();
  }

  heading(text: string): void {
    this.ensureRoom(60);
    this.doc.moveDown(0.8);
    this.doc.font('Helvetica-Bold').fontSize(12).fillColor('black').text(pdfText(text), MARGIN, this.doc.y);
    const y = this.doc.y + 2;
    this.doc.moveTo(MARGIN, y).lineTo(MARGIN + this.width, y).lineWidth(0.5).strokeColor(RULE).stroke();
    this.doc.moveDown(0.5);
  }

  paragraph(text: string, options: { size?: number; color?: string; bold?: boolean } = {}): void {
    this.doc
      .font(options.bold ? 'Helvetica-Bold' : 'Helvetica')
      .fontSize(options.size ?? 10)
      .fillColor(options.color ?? 'black')
      .text(pdfText(text), MARGIN, this.doc.y, { width: this.width });
  }

  /** « Label : value » lines, the label in bold. */
  facts(lines: [string, string][]): void {
    for (const [label, value] of lines) {
      this.ensureRoom(14);
      this.doc.font('Helvetica-Bold').fontSize(10).fillColor('black').text(pdfText(`${label} : `), MARGIN, this.doc.y, {
        continued: true,
        width: this.width,
      });
      this.doc.font('Helvetica').text(pdfText(value));
    }
  }

  table(columns: Column[], rows: string[][], size = 8): void {
    const pad = 3;
    const header = () => {
      this.doc.font('Helvetica-Bold').fontSize(size);
      const height = Math.max(...columns.map((c) => this.doc.heightOfString(pdfText(c.title), { width: c.width - 2 * pad }))) + 2 * pad;
      const y = this.doc.y;
      this.doc.rect(MARGIN, y, this.width, height).fill('#e8e8e8');
      let x = MARGIN;
      for (const c of columns) {
        this.doc.fillColor('black').text(pdfText(c.title), x + pad, y + pad, { width: c.width - 2 * pad, align: c.align ?? 'left' });
        x += c.width;
      }
      this.doc.y = y + height;
    };
    this.ensureRoom(40);
    header();
    rows.forEach((row, index) => {
      this.doc.font('Helvetica').fontSize(size);
      const cells = row.map(pdfText);
      const height = Math.max(...cells.map((text, i) => this.doc.heightOfString(text || ' ', { width: columns[i].width - 2 * pad }))) + 2 * pad;
      if (this.doc.y + height > this.bottom) {
        this.doc.addPage();
        header();
        this.doc.font('Helvetica').fontSize(size);
      }
      const y = this.doc.y;
      if (index % 2 === 1) this.doc.rect(MARGIN, y, this.width, height).fill('#f5f5f5');
      let x = MARGIN;
      cells.forEach((text, i) => {
        this.doc.fillColor('black').text(text, x + pad, y + pad, { width: columns[i].width - 2 * pad, align: columns[i].align ?? 'left' });
        x += columns[i].width;
      });
      this.doc.y = y + height;
    });
    this.doc.x = MARGIN;
  }

  footers(): void {
    const range = this.doc.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i++) {
      this.doc.switchToPage(i);
      const bottomMargin = this.doc.page.margins.bottom;
      this.doc.page.margins.bottom = 0;
      this.doc
        .font('Helvetica')
        .fontSize(7)
        .fillColor(GREY)
        .text(
          pdfText(`${this.archive.title} — archive du ${frenchInstant(this.archive.generatedAt)} — page ${i + 1} / ${range.count}`),
          MARGIN,
          this.doc.page.height - MARGIN + 15,
          { width: this.width, align: 'center', lineBreak: false },
        );
      this.doc.page.margins.bottom = bottomMargin;
    }
  }
}

function steps(a: CampaignArchive): [string, string][] {
  const lines: [string, string][] = [['Lancement de la campagne', frenchInstant(a.launchedAt)]];
  if (a.conference) {
    lines.push(['Conférence des maires', frenchDay(a.conference.heldOn) + (a.conference.notes ? ` — ${a.conference.notes}` : '')]);
  } else {
    lines.push(['Conférence des maires', 'pas encore tenue']);
  }
  if (a.conference) {
    const end = a.signatureOpened ? frenchDayOf(a.signatureOpened.at) : a.cancellation ? frenchDayOf(a.cancellation.at) : 'en cours';
    lines.push(['Délibérations', a.signatureOpened || a.cancellation ? `du ${frenchDay(a.conference.heldOn)} au ${end}` : `depuis le ${frenchDay(a.conference.heldOn)}`]);
  }
  const moved = a.deadlineMoves.length
    ? ` (initialement le ${frenchInstant(a.initialDeadline)} ; ${plural(a.deadlineMoves.length, 'report', 'reports')}, le dernier le ${frenchInstant(a.deadlineMoves[a.deadlineMoves.length - 1].at)})`
    : '';
  lines.push(['Date limite des délibérations', frenchInstant(a.deliberationDeadline) + moved]);
  if (a.deadlinePassedAt) lines.push(['Date limite atteinte', frenchInstant(a.deadlinePassedAt)]);
  if (a.signatureOpened) {
    const why = a.signatureOpened.reason === 'all_decided' ? 'tous les signataires ont délibéré' : 'à la date limite, les signataires requis ayant adopté';
    lines.push(['Ouverture de la signature', `${frenchInstant(a.signatureOpened.at)} (${why})`]);
  }
  if (a.signature) lines.push(['Signature de la convention', frenchDay(a.signature.signedOn)]);
  if (a.cancellation) lines.push(['Annulation', `${frenchInstant(a.cancellation.at)} — ${a.cancellation.reason}`]);
  lines.push(['État', PHASES[a.phase] ?? a.phase]);
  return lines;
}

/** Renders the archive; resolves with the PDF's bytes. */
export function renderArchivePdf(archive: CampaignArchive): Promise<Buffer> {
  const w = new ArchiveWriter(archive);
  const { doc } = w;
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  w.paragraph('Convention Territoriale Globale — archive du registre des délibérations', { size: 9, color: GREY });
  doc.moveDown(0.3);
  w.paragraph(archive.title, { size: 17, bold: true });
  doc.moveDown(0.3);
  w.facts([
    ['Territoire', archive.territory.name + (archive.territory.siren ? ` (SIREN ${archive.territory.siren})` : '')],
    ['Identifiant de la campagne', archive.campaignId],
    ['Établi le', `${frenchInstant(archive.generatedAt)}, à partir des ${plural(archive.events.length, 'événement', 'événements')} du registre`],
  ]);

  w.heading('Étapes de la campagne');
  w.facts(steps(archive));

  const tally = { adopted: 0, rejected: 0, adjourned: 0, pending: 0, scheduled: 0 } as Record<string, number>;
  for (const s of archive.signatories) tally[s.status]++;
  w.heading(`Délibérations des ${plural(archive.signatories.length, 'signataire', 'signataires')}`);
  w.paragraph(
    `${plural(tally.adopted, 'adoptée', 'adoptées')}, ${plural(tally.rejected, 'rejetée', 'rejetées')}, ` +
      `${plural(tally.adjourned, 'ajournée', 'ajournées')}, ${count(tally.pending + tally.scheduled)} en attente. ` +
      '* signataire requis ; (c) délibération corrigée ; (r) enregistrée après la date limite.',
    { size: 9 },
  );
  doc.moveDown(0.4);
  w.table(
    [
      { title: 'Signataire', width: 146 },
      { title: 'Séance', width: 52 },
      { title: 'N°', width: 58 },
      { title: 'Décision', width: 58 },
      { title: 'Pour', width: 27, align: 'right' },
      { title: 'Contre', width: 35, align: 'right' },
      { title: 'Abst.', width: 27, align: 'right' },
      { title: 'Transmise le', width: 56 },
      { title: 'Exécutoire le', width: 56 },
    ],
    archive.signatories.map((s) => {
      const d = s.deliberation;
      const marks = `${s.corrections > 0 ? ' (c)' : ''}${s.late ? ' (r)' : ''}`;
      return [
        `${s.name}${s.required ? ' *' : ''}`,
        shortDay(d?.sessionDate),
        d?.number ?? '',
        (DECISIONS[s.status] ?? s.status) + marks,
        d ? count(d.votesFor) : '',
        d ? count(d.votesAgainst) : '',
        d ? count(d.abstentions) : '',
        shortDay(s.legalFollowUp?.transmittedOn),
        shortDay(s.legalFollowUp?.executoryOn),
      ];
    }),
  );

  w.heading('Contrôle de légalité');
  const followed = archive.signatories.filter((s) => s.legalFollowUp);
  const missing = archive.signatories.filter((s) => s.status === 'adopted' && (!s.legalFollowUp?.transmittedOn || !s.legalFollowUp?.executoryOn));
  if (followed.length === 0) w.paragraph('Aucune transmission en préfecture n’a été enregistrée.', { size: 9 });
  for (const s of followed) {
    const f = s.legalFollowUp ?? {};
    const parts = [
      f.transmittedOn ? `transmise le ${frenchDay(f.transmittedOn)}` : 'transmission non enregistrée',
      f.actesId ? `acte @ctes ${f.actesId}` : '',
      f.acknowledgedAt ? `accusé de réception du ${frenchInstant(f.acknowledgedAt)}` : '',
      f.executoryOn ? `exécutoire le ${frenchDay(f.executoryOn)}` : 'caractère exécutoire non enregistré',
    ].filter(Boolean);
    w.paragraph(`${s.name} : ${parts.join(', ')}.`, { size: 9 });
  }
  doc.moveDown(0.3);
  w.paragraph(
    missing.length
      ? `Suivi manquant pour ${plural(missing.length, 'délibération adoptée', 'délibérations adoptées')} : ${missing.map((s) => s.name).join(', ')}.`
      : 'Toutes les délibérations adoptées ont leur transmission et leur date exécutoire enregistrées.',
    { size: 9 },
  );

  w.heading(`Documents (${count(archive.documents.length)})`);
  if (archive.documents.length === 0) {
    w.paragraph('Aucun document n’a été déposé.', { size: 9 });
  } else {
    const role = { convention: 'Convention', annex: 'Annexe', act: 'Acte', signed_convention: 'Convention signée' } as const;
    w.table(
      [
        { title: 'Document', width: 150 },
        { title: 'Version', width: 40, align: 'right' },
        { title: 'Fichier', width: 110 },
        { title: 'Déposé le', width: 80 },
        { title: 'SHA-256', width: 135 },
      ],
      archive.documents.map((d) => [
        d.role === 'act' ? `${role.act} — ${d.signatoryName ?? d.documentId}` : `${role[d.role]} (${d.documentId})`,
        `v${d.version}`,
        d.name,
        shortInstantFormat.format(new Date(d.attachedAt)),
        d.sha256,
      ]),
      7,
    );
  }

  w.heading(`Relances envoyées (${count(archive.reminders.length)})`);
  if (archive.reminders.length === 0) {
    w.paragraph('Aucune relance n’a été envoyée.', { size: 9 });
  } else {
    w.table(
      [
        { title: 'Envoyée le', width: 90 },
        { title: 'Signataire', width: 165 },
        { title: 'Relance', width: 45, align: 'right' },
        { title: 'Destinataires', width: 215 },
      ],
      archive.reminders.map((r) => [
        shortInstantFormat.format(new Date(r.sentAt)),
        r.signatoryName,
        `n° ${r.number}`,
        [...r.to, ...r.cc.map((cc) => `copie : ${cc}`)].join(', '),
      ]),
    );
  }

  w.heading('Signature');
  if (archive.circulation) {
    w.paragraph(
      `Convention (version ${archive.circulation.conventionVersion}) envoyée pour signature le ${frenchInstant(archive.circulation.at)} à ${plural(archive.circulation.signers.length, 'organisme', 'organismes')} ; empreinte SHA-256 : ${archive.circulation.conventionSha256}.`,
      { size: 9 },
    );
  }
  const bodySignatures = archive.signatories.filter((s) => s.signature);
  if (bodySignatures.length > 0) {
    w.table(
      [
        { title: 'Organisme', width: 150 },
        { title: 'Signé par', width: 150 },
        { title: 'Le', width: 90 },
        { title: 'Adresse IP', width: 125 },
      ],
      bodySignatures.map((s) => [s.name, `${s.signature!.name}, ${s.signature!.capacity}`, shortInstantFormat.format(new Date(s.signature!.at)), s.signature!.ip ?? '']),
      8,
    );
  }
  if (archive.signature) {
    const signedBy = new Set(archive.signature.signedBy);
    const names = archive.signatories.filter((s) => signedBy.has(s.id)).map((s) => s.name);
    const how =
      archive.signature.way === 'ceremony'
        ? ` lors d’une cérémonie à ${archive.signature.place}`
        : archive.signature.way === 'circulated'
          ? ', chacun par son lien de signature et un code envoyé par courriel (signature électronique simple)'
          : '';
    w.paragraph(
      `La convention a été signée le ${frenchDay(archive.signature.signedOn)}${how} par ${plural(names.length, 'signataire', 'signataires')} : ${names.join(', ')}.`,
      { size: 9 },
    );
    if (archive.signature.signedCopy) {
      w.paragraph(`Convention signée déposée : « ${archive.signature.signedCopy.name} », SHA-256 ${archive.signature.signedCopy.sha256}.`, { size: 9 });
    }
    w.paragraph(`Signature enregistrée le ${frenchInstant(archive.signature.recordedAt)}.`, { size: 9, color: GREY });
  } else {
    w.paragraph(`La convention n’est pas signée (${PHASES[archive.phase] ?? archive.phase}).`, { size: 9 });
  }

  w.heading('Intégrité du registre');
  const v = archive.verification;
  w.paragraph(
    v.valid
      ? `Chaîne d’empreintes vérifiée : ${plural(v.events, 'événement', 'événements')}, aucun maillon rompu.`
      : `CHAÎNE ROMPUE à l’événement n° ${v.firstBrokenSeq} (${v.reason}) : ${v.detail}`,
    { size: 10, bold: !v.valid },
  );
  doc.moveDown(0.4);
  w.paragraph('Empreinte finale de la chaîne (SHA-256) :', { size: 10, bold: true });
  doc.font('Courier').fontSize(9.5).fillColor('black').text(archive.finalHash, MARGIN, doc.y, { width: w.width });
  doc.moveDown(0.4);
  w.paragraph(
    'Chaque événement est chaîné au précédent : empreinte = SHA-256(empreinte précédente || JSON canonique (RFC 8785) de ' +
      '{campaignId, seq, id, type, occurredAt, actor, data}), en hexadécimal ; celle qui précède le premier événement est ' +
      'faite de 64 zéros. Le fichier archive.json contient ' +
      'tous les événements avec leurs empreintes ; chacun peut recalculer la chaîne et comparer son empreinte finale à celle-ci.',
    { size: 8, color: GREY },
  );

  w.footers();
  doc.end();
  return done;
}
