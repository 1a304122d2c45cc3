/** The Luhn checksum that SIREN and SIRET numbers carry: every second digit from the right doubled. */
export function hasLuhnKey(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
    sum += digit;
  }
  return sum % 10 === 0;
}

/**
 * Why a text is not a body's SIRET (its SIREN, then the 5-digit NIC of the establishment, the whole
 * under a Luhn key), for a message that helps; undefined when it is one. `siren`, when known,
 * must be its first nine digits: a SIRET names an establishment of that body, not of another.
 */
export function siretProblem(value: unknown, siren?: string): string | undefined {
  if (typeof value !== 'string' || !/^\d{14}$/.test(value)) return 'must be 14 digits: the SIREN, then the 5-digit NIC (e.g. 21310582899991)';
  if (!hasLuhnKey(value)) return 'is not a valid SIRET (wrong check digit)';
  if (siren !== undefined && !value.startsWith(siren)) return `must start with the body's SIREN ${siren}`;
  return undefined;
}
