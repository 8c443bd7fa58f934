import { describe, expect, it } from 'vitest';
import shellEn from '../locales/en.json';
import shellFr from '../locales/fr.json';
import panelsEn from '../locales/panels.en.json';
import panelsFr from '../locales/panels.fr.json';
import indicatorsEn from '../locales/indicators.en.json';
import indicatorsFr from '../locales/indicators.fr.json';
import profileEn from '../locales/profile.en.json';
import profileFr from '../locales/profile.fr.json';

// the panels' strings load later (loadPanelStrings …) into the same namespace: they must not clash
const en = { ...shellEn, ...panelsEn, ...indicatorsEn, ...profileEn };
const fr = { ...shellFr, ...panelsFr, ...indicatorsFr, ...profileFr };

function keys(tree: object, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([k, v]) =>
    typeof v === 'object' && v !== null ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

function lookup(tree: object, key: string): string {
  return key.split('.').reduce<any>((node, part) => node?.[part], tree);
}

// i18next picks `key_one`, `key_other` … by Intl.PluralRules; the forms differ by language
// (French has `many`: "1 000 000 de lieux")
const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;
const withoutPluralForms = (tree: object) => [...new Set(keys(tree).map((k) => k.replace(PLURAL_SUFFIX, '')))].sort();

describe('locales', () => {
  it("keep the panels' strings apart from the shell's", () => {
    for (const [shell, panels] of [[shellEn, { ...panelsEn, ...indicatorsEn, ...profileEn }], [shellFr, { ...panelsFr, ...indicatorsFr, ...profileFr }], [{ ...panelsEn, ...indicatorsEn }, profileEn]] as const) {
      expect(Object.keys(panels).filter((k) => k in shell)).toEqual([]);
    }
  });

  it('give French every English key and no other', () => {
    expect(withoutPluralForms(fr)).toEqual(withoutPluralForms(en));
  });

  it('give each plural every form the language uses', () => {
    for (const [lang, tree] of [['en', en], ['fr', fr]] as const) {
      const forms = new Intl.PluralRules(lang).resolvedOptions().pluralCategories;
      const plurals = new Set(keys(tree).filter((k) => PLURAL_SUFFIX.test(k)).map((k) => k.replace(PLURAL_SUFFIX, '')));
      expect(plurals.size).toBeGreaterThan(0);
      for (const key of plurals) {
        for (const form of forms) expect(typeof lookup(tree, `${key}_${form}`), `${lang}: ${key}_${form}`).toBe('string');
      }
    }
  });

  it('keep the same {{placeholders}} in both languages', () => {
    const placeholders = (s: string) => (s.match(/\{\{\w+\}\}/g) ?? []).sort();
    // a plural form that one language lacks is compared with its `other` form
    const form = (tree: object, key: string) => lookup(tree, key) ?? lookup(tree, key.replace(PLURAL_SUFFIX, '_other'));
    for (const key of new Set([...keys(en), ...keys(fr)])) {
      expect(placeholders(form(fr, key)), key).toEqual(placeholders(form(en, key)));
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
        'tooltip.sites_one',
        'tooltip.sites_other',
        // words that French shares with English, and formats that need no translation
        'brief.interventions.heading',
        'search.area',
        'search.site',
        'brief.sites.count',
        'brief.sites.rounded',
        'catalogue.columns.actions',
        'catalogue.kinds.observations',
        'catalogue.kinds.sites',
        'catalogue.pixels',
        'colours.orange',
        'error.panels.catalogue',
        'export.north',
        'export.size',
        'export.south',
        'imports.formats.geojson',
        'imports.formats.kml',
        'imports.formats.topojson',
        'imports.issues.message',
        'imports.joinOn.code',
        'imports.kinds.observations',
        'imports.kinds.sites',
        'imports.preview.format',
        'imports.preview.hash',
        'imports.provenance.licence',
        'imports.provenance.source',
        'layers.catalogue',
        'layers.datasetMetaObservations_one',
        'layers.datasetMetaObservations_other',
        'layers.style.methods.quantile',
        'layers.style.palettes.cividis',
        'layers.style.palettes.viridis',
        'sensitivity.public',
        'taxonomy.entertainment.casino',
        'taxonomyGroup.camp',
        'tooltip.area',
        // the same word or a format of placeholders only
        'account.admin',
        'account.who',
        'admin.actions',
        'admin.auditAction',
        'admin.title',
        'factors.below',
        'factors.rounded',
        // interventions: the same word in both languages, coordinates, and formats of placeholders
        'interventions.title',
        'interventions.count_one',
        'interventions.count_other',
        'interventions.fields.budget',
        'interventions.target.lat',
        'interventions.target.lng',
        'interventions.suggestions.sites_one',
        'interventions.suggestions.sites_other',
        'layers.interventions',
        // the indicator tools: a format of placeholders, and a word French shares
        'indicators.bivariateTitle',
        'indicators.pause',
      ].sort(),
    );
  });
});

describe('taxonomy labels', () => {
  it('name every category and group of the taxonomy in both languages', async () => {
    const { CATEGORIES } = await import('../../server/domain/taxonomy');
    for (const tree of [en, fr]) {
      for (const c of CATEGORIES) {
        expect(typeof lookup(tree, `taxonomy.${c.id}`), c.id).toBe('string');
        expect(typeof lookup(tree, `taxonomyGroup.${c.group}`), c.group).toBe('string');
      }
    }
  });
});
