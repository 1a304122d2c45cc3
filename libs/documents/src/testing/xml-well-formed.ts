/**
 * A strict checker of XML 1.0 well-formedness with namespaces, for tests of the documents we
 * write (no XML parser is among the project's dependencies, and a lenient one would accept the
 * very mistakes these tests look for). It knows what our documents and the docx package produce:
 * the XML declaration, elements, attributes, comments, processing instructions, CDATA, the five
 * predefined entities and character references; it refuses a DOCTYPE rather than half-read it.
 */

export class NotWellFormedXml extends Error {
  constructor(message: string, readonly offset: number) {
    super(`${message} (at character ${offset})`);
    this.name = 'NotWellFormedXml';
  }
}

const NOT_XML_CHARACTER = /[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/u;
const NAME = /[A-Za-z_\u00c0-\ufffd][A-Za-z0-9_.\-\u00b7\u00c0-\ufffd]*(?::[A-Za-z_\u00c0-\ufffd][A-Za-z0-9_.\-\u00b7\u00c0-\ufffd]*)?/y;
const WHITESPACE = /[ \t\r\n]*/y;
const REFERENCE = /&(?:(lt|gt|amp|quot|apos)|#([0-9]+)|#x([0-9a-fA-F]+));/y;
const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const XML_NAMESPACE = 'http://www.w3.org/XML/1998/namespace';

function isXmlCharacter(codePoint: number): boolean {
  return codePoint <= 0x10ffff && !NOT_XML_CHARACTER.test(String.fromCodePoint(codePoint));
}

class Reader {
  position = 0;
  constructor(readonly xml: string) {}

  fail(message: string, at = this.position): never {
    throw new NotWellFormedXml(message, at);
  }

  startsWith(text: string): boolean {
    return this.xml.startsWith(text, this.position);
  }

  expect(text: string): void {
    if (!this.startsWith(text)) this.fail(`expected ${JSON.stringify(text)}`);
    this.position += text.length;
  }

  sticky(pattern: RegExp): RegExpExecArray | null {
    pattern.lastIndex = this.position;
    const match = pattern.exec(this.xml);
    if (match) this.position += match[0].length;
    return match;
  }

  whitespace(): boolean {
    const match = this.sticky(WHITESPACE);
    return match !== null && match[0].length > 0;
  }

  name(): string {
    const match = this.sticky(NAME);
    if (!match) this.fail('expected a name');
    return match[0];
  }

  /** Everything up to `end`, which is consumed. */
  until(end: string, what: string): string {
    const at = this.xml.indexOf(end, this.position);
    if (at < 0) this.fail(`${what} is not closed by ${end}`);
    const content = this.xml.slice(this.position, at);
    this.position = at + end.length;
    return content;
  }

  /** Character data or an attribute value up to `stop`, references resolved. */
  characterData(stop: RegExp): string {
    let text = '';
    while (this.position < this.xml.length) {
      const c = this.xml[this.position];
      if (stop.test(c)) break;
      if (c === '&') {
        const ref = this.sticky(REFERENCE);
        if (!ref) this.fail('an & that begins no known entity or character reference');
        if (ref[1]) text += PREDEFINED[ref[1]];
        else {
          const codePoint = ref[2] ? parseInt(ref[2], 10) : parseInt(ref[3], 16);
          if (!isXmlCharacter(codePoint)) this.fail(`a reference to U+${codePoint.toString(16)}, which XML cannot hold`);
          text += String.fromCodePoint(codePoint);
        }
      } else if (c === '<') {
        this.fail('a < inside an attribute value');
      } else {
        text += c;
        this.position += 1;
      }
    }
    return text;
  }
}

type Scope = Map<string, string>;

function resolvePrefix(reader: Reader, qualified: string, scopes: Scope[], at: number): void {
  const colon = qualified.indexOf(':');
  if (colon < 0) return;
  const prefix = qualified.slice(0, colon);
  if (prefix === 'xml' || prefix === 'xmlns') return;
  if (!scopes.some((scope) => scope.has(prefix))) reader.fail(`the namespace prefix ${prefix} is not declared`, at);
}

/**
 * Checks that `xml` (a Buffer is decoded as strict UTF-8) is a well-formed XML 1.0 document with
 * well-formed namespaces, and returns the text content of its root element, references resolved.
 * Throws `NotWellFormedXml` naming the first problem.
 */
export function wellFormedXmlText(xml: string | Buffer): string {
  let source: string;
  try {
    source = typeof xml === 'string' ? xml : new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(xml);
  } catch {
    throw new NotWellFormedXml('not UTF-8', 0);
  }
  const bad = NOT_XML_CHARACTER.exec(source);
  if (bad) throw new NotWellFormedXml(`U+${bad[0].codePointAt(0)!.toString(16)} cannot appear in XML`, bad.index);

  const reader: Reader = new Reader(source);
  if (reader.startsWith('<?xml ') || reader.startsWith('<?xml?')) {
    const declaration = reader.until('?>', 'the XML declaration');
    if (!/^<\?xml\s+version=(["'])1\.[0-9]+\1(\s+encoding=(["'])[A-Za-z][A-Za-z0-9._-]*\3)?(\s+standalone=(["'])(yes|no)\5)?\s*$/.test(declaration)) {
      reader.fail('a malformed XML declaration', 0);
    }
  }

  const open: { name: string; at: number }[] = [];
  const scopes: Scope[] = [new Map([['xml', XML_NAMESPACE]])];
  let rootSeen = false;
  let text = '';

  while (reader.position < source.length) {
    if (!reader.startsWith('<')) {
      const at = reader.position;
      const data = reader.characterData(/</);
      if (source.slice(at, reader.position).includes(']]>')) reader.fail(']]> in character data', at);
      if (open.length > 0) text += data;
      else if (data.trim() !== '') reader.fail('text outside the root element', at);
      continue;
    }
    const at = reader.position;
    if (reader.startsWith('<!--')) {
      reader.position += 4;
      const comment = reader.until('-->', 'a comment');
      if (comment.includes('--') || comment.endsWith('-')) reader.fail('-- inside a comment', at);
    } else if (reader.startsWith('<![CDATA[')) {
      if (open.length === 0) reader.fail('a CDATA section outside the root element');
      reader.position += 9;
      text += reader.until(']]>', 'a CDATA section');
    } else if (reader.startsWith('<!')) {
      reader.fail('a DOCTYPE or other declaration, which these documents never need');
    } else if (reader.startsWith('<?')) {
      reader.position += 2;
      const target = reader.name();
      if (target.toLowerCase() === 'xml') reader.fail('an XML declaration that is not at the very start', at);
      reader.until('?>', 'a processing instruction');
    } else if (reader.startsWith('</')) {
      reader.position += 2;
      const name = reader.name();
      reader.whitespace();
      reader.expect('>');
      const top = open.pop();
      if (!top) reader.fail(`a closing tag </${name}> with no element open`, at);
      if (top.name !== name) reader.fail(`</${name}> closes <${top.name}>`, at);
      scopes.pop();
    } else {
      if (open.length === 0 && rootSeen) reader.fail('a second root element', at);
      reader.position += 1;
      const name = reader.name();
      const attributes = new Map<string, string>();
      for (;;) {
        const spaced = reader.whitespace();
        if (reader.startsWith('/>') || reader.startsWith('>')) break;
        if (!spaced) reader.fail(`attributes of <${name}> must be separated by white space`);
        const attributeAt = reader.position;
        const attribute = reader.name();
        reader.whitespace();
        reader.expect('=');
        reader.whitespace();
        const quote = source[reader.position];
        if (quote !== '"' && quote !== "'") reader.fail(`the value of ${attribute} is not quoted`);
        reader.position += 1;
        const value = reader.characterData(quote === '"' ? /"/ : /'/);
        reader.expect(quote);
        if (attributes.has(attribute)) reader.fail(`the attribute ${attribute} twice on <${name}>`, attributeAt);
        attributes.set(attribute, value);
      }
      const scope: Scope = new Map();
      for (const [attribute, value] of attributes) {
        if (attribute.startsWith('xmlns:')) {
          if (value === '') reader.fail(`${attribute} declares an empty namespace`);
          scope.set(attribute.slice(6), value);
        }
      }
      scopes.push(scope);
      resolvePrefix(reader, name, scopes, at);
      for (const attribute of attributes.keys()) resolvePrefix(reader, attribute, scopes, at);
      rootSeen = true;
      if (reader.startsWith('/>')) {
        reader.position += 2;
        scopes.pop();
      } else {
        reader.position += 1;
        open.push({ name, at });
      }
    }
  }
  if (open.length > 0) reader.fail(`<${open[open.length - 1].name}> is never closed`, open[open.length - 1].at);
  if (!rootSeen) reader.fail('no root element', 0);
  return text;
}
