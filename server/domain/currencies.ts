/**
 * ISO 4217 currency codes, as the JavaScript engine's Intl data (CLDR) knows the ones in use
 * today: USD, EUR, XOF … (withdrawn codes such as FRF, and made-up ones, are not among them).
 */
const CODES: ReadonlySet<string> = new Set(Intl.supportedValuesOf('currency'));

/**
 * Whether `code` is a current ISO 4217 code (upper case, as stored).
 *
 * @example
 * isCurrencyCode('XOF'); // true
 * isCurrencyCode('ABC'); // false
 */
export function isCurrencyCode(code: string): boolean {
  return CODES.has(code);
}
