/**
 * Characters that XML 1.0 cannot carry at all, not even as a character reference: C0 controls
 * other than tab, line feed and carriage return, the non-characters U+FFFE and U+FFFF, and UTF-16
 * surrogates without their other half. A document holding one is refused whole by Word and
 * LibreOffice, so they are dropped from every text we write.
 */
const NOT_XML_CHARACTER =
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** The text without the characters XML 1.0 cannot hold. */
export function xmlCharactersOnly(text: string): string {
  return text.replace(NOT_XML_CHARACTER, '');
}

/** The text as XML character data or attribute value: markup characters escaped, impossible characters dropped. */
export function escapeXml(text: string): string {
  return xmlCharactersOnly(text).replace(/[&<>"']/g, (c) => XML_ESCAPES[c]);
}
