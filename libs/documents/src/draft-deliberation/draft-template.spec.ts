import { DomainError } from '@ctg/domain';
import { DEFAULT_DRAFT_TEMPLATE } from './default-draft-template';
import { DraftInput, fillDraftTemplate, validateDraftTemplate } from './draft-template';

const AVIGNONET: DraftInput = {
  bodyName: 'Avignonet-Lauragais',
  bodyKind: 'commune',
  conventionTitle: 'Convention Territoriale Globale — Terres du Lauragais',
  conventionVersion: 2,
  conventionSha256: 'ab'.repeat(32),
  conferenceDate: '2023-06-13',
  deliberationDeadline: '2023-10-31T23:59:59+01:00',
  territoryName: 'Communauté de communes des Terres du Lauragais',
};

const text = (template: string, input: DraftInput = AVIGNONET) =>
  fillDraftTemplate(template, input)
    .map((p) => p.lines.join('\n'))
    .join('\n\n');

describe('the draft deliberation template', () => {
  it('fills the default wording for a commune: its council, its mayor, the convention, the dates in French', () => {
    const draft = text(DEFAULT_DRAFT_TEMPLATE);
    expect(draft).toContain('Commune : Avignonet-Lauragais');
    expect(draft).toContain('Le conseil municipal, après en avoir délibéré,');
    expect(draft).toContain('AUTORISE le Maire à signer');
    expect(draft).toContain('APPROUVE la convention « Convention Territoriale Globale — Terres du Lauragais », version 2');
    expect(draft).toContain(`d’empreinte SHA-256 ${'ab'.repeat(32)}`);
    expect(draft).toContain('conférence des maires le 13 juin 2023');
    expect(draft).toContain('avant le 31 octobre 2023');
    expect(draft).toContain('Pour : …\nContre : …\nAbstentions : …');
    expect(draft).toContain('Fait et délibéré les jour, mois et an susdits.');
    expect(draft).not.toContain('{{');
  });

  it('words each kind of body with its own assembly and head', () => {
    expect(text('{{assemblee}} / {{autorite}}', { ...AVIGNONET, bodyKind: 'epci' })).toBe('Le conseil communautaire / le Président');
    expect(text('{{assemblee}} / {{autorite}}', { ...AVIGNONET, bodyKind: 'caf' })).toBe('Le conseil d’administration / le Directeur');
    expect(text('{{assemblee}} / {{autorite}}', { ...AVIGNONET, bodyKind: 'departement' })).toBe(
      'La commission permanente / le Président du Conseil départemental',
    );
  });

  it('leaves a visible blank for what the campaign does not know yet', () => {
    const unknown = { ...AVIGNONET, conventionVersion: undefined, conventionSha256: undefined, conferenceDate: undefined };
    expect(text('v{{version}} {{empreinte}} le {{date_conference}}', unknown)).toBe('v… … le …');
  });

  it('writes the first of the month as French does, and the deadline as the day it is in Paris', () => {
    const input = { ...AVIGNONET, conferenceDate: '2023-07-01', deliberationDeadline: '2023-10-31T23:30:00Z' };
    expect(text('{{date_conference}} / {{date_limite}}', input)).toBe('1er juillet 2023 / 1er novembre 2023');
  });

  it('keeps headings, paragraphs and line breaks as written', () => {
    const paragraphs = fillDraftTemplate('# Titre {{collectivite}}\n\nligne 1\nligne 2\n\n\n\nfin', AVIGNONET);
    expect(paragraphs).toEqual([
      { heading: true, lines: ['Titre Avignonet-Lauragais'] },
      { heading: false, lines: ['ligne 1', 'ligne 2'] },
      { heading: false, lines: ['fin'] },
    ]);
  });

  it('inserts a value once, never reading it as template, and keeps it on one line', () => {
    const hostile = { ...AVIGNONET, bodyName: '{{autorite}} ${process.exit()}\n# titre\u0000\ufffe' };
    expect(fillDraftTemplate('Collectivité : {{collectivite}}', hostile)).toEqual([
      { heading: false, lines: ['Collectivité : {{autorite}} ${process.exit()} # titre'] },
    ]);
  });

  it('reads a template with Windows line breaks and spaces inside the braces', () => {
    expect(text('{{ collectivite }}\r\n\r\nfin')).toBe('Avignonet-Lauragais\n\nfin');
  });
});

describe('the rules of a template', () => {
  it('accepts the default wording', () => {
    expect(validateDraftTemplate(DEFAULT_DRAFT_TEMPLATE)).toEqual([]);
  });

  it.each(['{{constructor}}', '{{__proto__}}', '{{toString}}', '{{ collectivité }}', '{{process.env}}'])('refuses the unknown placeholder %s, naming it', (placeholder) => {
    const errors = validateDraftTemplate(`Le conseil ${placeholder} approuve.`);
    expect(errors).toHaveLength(1);
    expect(errors[0].field).toBe('text');
    expect(errors[0].message).toContain(`unknown placeholder {{${placeholder.slice(2, -2).trim()}}}`);
  });

  it('refuses to fill a template with an unknown placeholder, with the same words', () => {
    expect(() => fillDraftTemplate('{{constructor}}', AVIGNONET)).toThrow(DomainError);
    expect(() => fillDraftTemplate('{{constructor}}', AVIGNONET)).toThrow(/unknown placeholder \{\{constructor\}\}/);
  });

  it.each([
    ['nothing', undefined, /required/],
    ['a number', 42, /required/],
    ['blank text', ' \n\n ', /required/],
    ['100,000 characters', 'a'.repeat(100_000), /at most 20000 characters \(it has 100000\)/],
    ['a NUL', 'ligne\n\u0000', /U\+0000 on line 2/],
    ['an escape character', 'x\u001b[31m', /U\+001B/],
    ['a U+FFFE', 'x\ufffe', /U\+FFFE/],
    ['an unclosed placeholder', 'Le {{collectivite', /\{\{ that no \}\} closes/],
  ])('refuses %s, naming the problem', (_what, template, problem) => {
    const errors = validateDraftTemplate(template);
    expect(errors.map((e) => e.field)).toEqual(['text']);
    expect(errors[0].message).toMatch(problem);
  });

  it('takes XML, dollar braces and tabs as plain text', () => {
    expect(validateDraftTemplate('<w:t>&amp; ${1+1}\t`x`')).toEqual([]);
    expect(text('<w:t>&amp; ${1+1}\t`x`')).toBe('<w:t>&amp; ${1+1}\t`x`');
  });
});
