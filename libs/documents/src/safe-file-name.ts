/**
 * Text folded to what every file system and ZIP tool accepts: ASCII letters and digits in lower
 * case, words joined by dashes (`Avignonet-Lauragais – délibération` → `avignonet-lauragais-deliberation`),
 * at most `max` characters. Never a dot, a slash or a backslash, so never a path or `..`.
 */
export function fileNameWords(text: string, max: number): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[œŒ]/g, 'oe')
    .replace(/[æÆ]/g, 'ae')
    .replace(/ß/g, 'ss')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+/, '')
    .slice(0, max)
    .replace(/-+$/, '');
}
