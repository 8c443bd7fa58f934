import { describe, expect, it } from 'vitest';
import en from '../locales/en.json';
import fr from '../locales/fr.json';

function keys(tree: object, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([k, v]) =>
    typeof v === 'object' && v !== null ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

function lookup(tree: object, key: string): string {
  return key.split('.').reduce<any>((node, part) => node[part], tree);
}

describe('locales', () => {
  it('give French every English key and no other', () => {
    expect(keys(fr).sort()).toEqual(keys(en).sort());
  });

  it('keep the same {{placeholders}} in both languages', () => {
    const placeholders = (s: string) => (s.match(/\{\{\w+\}\}/g) ?? []).sort();
    for (const key of keys(en)) {
      expect(placeholders(lookup(fr, key)), key).toEqual(placeholders(lookup(en, key)));
    }
  });

  it('translate the strings rather than copy them (names and codes excepted)', () => {
    const same = keys(en).filter((key) => lookup(en, key) === lookup(fr, key));
    expect(same.sort()).toEqual(
      [
        'app.title',
        'language.en',
        'language.fr',
        'profile.codes',
        'profile.iso2',
        'profile.iso3',
        'profile.population',
        'tooltip.airport',
        'tooltip.place',
        'tooltip.placePopulation',
      ].sort(),
    );
  });
});
