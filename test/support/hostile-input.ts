import fc from 'fast-check';

/**
 * Generators of what a hostile or broken client sends: text no storage can hold or no reader
 * expects, keys shaped like code, numbers at the edges of every representation, and nesting no
 * body of ours has. Shared by the HTTP surface fuzz; kept apart so the generators read alone.
 */

/** Code units and sequences that have broken parsers, validators, patterns and databases elsewhere. */
const NASTY_PIECES = [
  '\ud800', // a lone high surrogate
  '\udfff', // a lone low surrogate
  '\udc00\ud800', // a pair in the wrong order
  '\ud83d\ude00', // a well-formed pair (an emoji)
  '\ufffe', // non-characters
  '\uffff',
  '\ufdd0',
  '\u{10ffff}',
  '\u{1fffe}',
  '\u202e', // bidi controls: right-to-left override, isolates, marks
  '\u202d',
  '\u2066',
  '\u2069',
  '\u200f',
  '\u061c',
  '\u200b', // zero-width space, joiner, BOM
  '\u200d',
  '\ufeff',
  '\u0000',
  '\u0001',
  '\u001b',
  '\u007f',
  '\u0085',
  '\u2028',
  '\u2029',
  '\t',
  '\n',
  '\r\n',
  ' ',
  'e\u0301', // a combining accent
  '🇫🇷',
  'é',
  'ß',
  'İ',
  '\\',
  '"',
  "'",
  '`',
  '%',
  '%00',
  '%ff',
  '%e9',
  '%ed%a0%80', // a surrogate, UTF-8 encoded, as some clients escape it
  '../',
  '..\\',
  '/',
  '?',
  '#',
  '&',
  '=',
  ';',
  '${process.exit()}',
  '{{7*7}}',
  '<script>alert(1)</script>',
  '(',
  ')',
  '[',
  '*',
  '+',
  '(a+)+$',
  '(.*a){20}',
  'a'.repeat(40) + '!',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'sl_',
  'eyJhbGciOiJub25lIn0.e30.',
  "' OR 1=1 --",
  '\\u0000',
  'null',
  'undefined',
  'NaN',
  '-0',
  '1e309',
  '0x10',
  '2023-02-30',
  '2023-07-04T25:61:00Z',
  '9999-12-31',
  '0000-01-01',
  '+275760-09-13',
];

/** What no PostgreSQL `text` or `jsonb` holds, or no reader should see, slipped into otherwise fine text. */
export const spoiler = fc.constantFrom('\ud800', '\udfff', '\udc00\ud800', '\u0000', '\u001b', '\ufffe', '\uffff', '\u202e', '\u2066');

const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((unit) => String.fromCharCode(unit));
const codePoint = fc.integer({ min: 0, max: 0x10ffff }).map((point) => (point >= 0xd800 && point <= 0xdfff ? String.fromCharCode(point) : String.fromCodePoint(point)));
const piece = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...NASTY_PIECES) },
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme-ascii', maxLength: 8 }) },
  { weight: 2, arbitrary: codeUnit },
  { weight: 1, arbitrary: codePoint },
);

/** Very long text: the same piece a few thousand to a few hundred thousand times. */
export const longText = fc
  .tuple(fc.constantFrom('a', 'é', '\ud800', '\u202e', '0', ' ', '(a'), fc.constantFrom(51, 257, 5_000, 70_000, 400_000))
  .map(([unit, times]) => unit.repeat(times));

/** Short text of any kind, well-formed Unicode or not: what fits in a URL or a header. */
export const hostileLine: fc.Arbitrary<string> = fc.oneof(
  { weight: 8, arbitrary: fc.array(piece, { maxLength: 6 }).map((pieces) => pieces.join('')) },
  { weight: 2, arbitrary: fc.string({ maxLength: 20 }) },
  { weight: 1, arbitrary: fc.constantFrom('a', '\ud800', '%').map((unit) => unit.repeat(700)) },
);

/** Any text a caller might send in a body, very long included. */
export const hostileText: fc.Arbitrary<string> = fc.oneof({ weight: 10, arbitrary: hostileLine }, { weight: 1, arbitrary: longText });

/** Numbers at every edge: integers, floats, huge, negative zero, beyond 2^53. */
export const hostileNumber: fc.Arbitrary<number> = fc.oneof(
  fc.integer({ min: -2, max: 600 }),
  fc.constantFrom(-0, 0.5, 1e21, -1e21, 2 ** 31, 2 ** 53 + 1, Number.MAX_VALUE, Number.MIN_VALUE, -(2 ** 63)),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

/** A key of a JSON object: the body's own field names most of the time, or anything at all. */
export function hostileKey(known: string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: known.length ? 3 : 0, arbitrary: fc.constantFrom(...(known.length ? known : ['x'])) },
    { weight: 2, arbitrary: fc.constantFrom('__proto__', 'constructor', 'prototype', '(', '(a+)+$', '[', '\\', '$where', 'a.b', '0', '', ' ', '\ud800', '\u202e') },
    { weight: 2, arbitrary: hostileText },
  );
}

/** Any JSON value, nested a little, with hostile keys and leaves. */
export const hostileJson: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    hostileText,
    hostileNumber,
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(hostileKey([]), tie('value'), { maxKeys: 4 }),
  ),
})).value;

/** JSON text nested far deeper than any of our bodies: arrays or objects, a few levels to ten thousand. */
export const deepNesting: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom(17, 100, 1_000, 10_000, 100_000), fc.constantFrom('array', 'object'), fc.boolean())
  .map(([depth, kind, wrapped]) => {
    const inner = kind === 'array' ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
    return wrapped ? `{"title":${inner}}` : inner;
  });

/** Request bodies that are not JSON at all, or JSON in a shape no parser should accept. */
export const brokenJsonText: fc.Arbitrary<string> = fc.constantFrom(
  '{',
  '{"a":}',
  '{"a":1,}',
  "{'a':1}",
  '{"a":1}{"b":2}',
  '{"a":1,"a":2}',
  '\ufeff{"a":1}',
  '[]',
  '"text"',
  '1',
  'null',
  'true',
  '{"a":"\\ud800"}',
  '{"\\ud800":1}',
  '{"a":"\\u0000"}',
  '{"__proto__":{"isAdmin":true}}',
  '{"constructor":{"prototype":{"x":1}}}',
  '{"a":1e999}',
  '{"a":-}',
  'NaN',
  '',
);

/**
 * `%`-escapes of a text as UTF-8 bytes, lone surrogates included (as WTF-8, which no decoder of
 * well-formed UTF-8 accepts): what a client that escapes blindly sends.
 */
export function percentEncode(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    const next = text.charCodeAt(i + 1);
    let point = unit;
    if (unit >= 0xd800 && unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      point = 0x10000 + ((unit - 0xd800) << 10) + (next - 0xdc00);
      i++;
    }
    if (point < 0x80 && /[A-Za-z0-9_.~-]/.test(String.fromCharCode(point))) {
      out += String.fromCharCode(point);
      continue;
    }
    for (const byte of wtf8(point)) out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

function wtf8(point: number): number[] {
  if (point < 0x80) return [point];
  if (point < 0x800) return [0xc0 | (point >> 6), 0x80 | (point & 0x3f)];
  if (point < 0x10000) return [0xe0 | (point >> 12), 0x80 | ((point >> 6) & 0x3f), 0x80 | (point & 0x3f)];
  return [0xf0 | (point >> 18), 0x80 | ((point >> 12) & 0x3f), 0x80 | ((point >> 6) & 0x3f), 0x80 | (point & 0x3f)];
}

/** A segment of a URL: escaped text, or broken escapes sent as they are. */
export const hostileUrlPiece: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: hostileLine.map(percentEncode) },
  { weight: 1, arbitrary: fc.constantFrom('%', '%2', '%zz', '%C0%AF', '%ED%A0%80', '%FF%FE', '%E2%80%AE', '..', '.', '%2e%2e', '%2F', '%5C', '%00', '+', '%25') },
);

/** A header value as the wire carries it: the text's UTF-8 bytes, one Latin-1 character each (Node refuses CR, LF and NUL). */
export function asHeaderValue(text: string): string {
  return Buffer.from(text.slice(0, 600), 'utf8')
    .toString('latin1')
    .replace(/[\0-\x08\x0a-\x1f\x7f]/g, '');
}
