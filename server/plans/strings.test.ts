import { describe, expect, it } from 'vitest';
import { translator } from './strings';

describe('translator', () => {
  it("picks the plural form of the language's rules from a number count, as i18next does", () => {
    const en = translator('en').t;
    const fr = translator('fr').t;
    expect(en('plans.inventory.unnamed', { count: 1, n: '1' })).toBe('(generalised: 1 site in an H3 cell)');
    expect(en('plans.inventory.unnamed', { count: 12, n: '12' })).toBe('(generalised: 12 sites in an H3 cell)');
    expect(fr('plans.inventory.unnamed', { count: 0, n: '0' })).toBe('(généralisé : 0 site dans une cellule H3)');
    expect(fr('plans.inventory.unnamed', { count: 1_000_000, n: '1 000 000' })).toBe('(généralisé : 1 000 000 de sites dans une cellule H3)');
    // a string that is not a plural is read as before
    expect(en('plans.pdf.page', { page: 1, pages: 2 })).toBe('Page 1 of 2');
  });
});
