import { describe, expect, it } from 'vitest';
import { defaultExportTitle } from './export-title';
import type { LegendContent } from '../../ui/legend-content';

const swatch = (title: string): LegendContent => ({ kind: 'swatch', title, colour: '#000', shape: 'dot' });
const classes = (title: string): LegendContent => ({ kind: 'classes', title, caption: '', rows: [] });

describe('defaultExportTitle', () => {
  it('names the choropleths shown, once each, before the other layers', () => {
    expect(defaultExportTitle([swatch('Airports'), classes('Test rate'), classes('Test rate'), swatch('Countries')], 'Risk Atlas')).toBe('Test rate');
  });
  it('names every layer when none is a choropleth, and falls back when none shows', () => {
    expect(defaultExportTitle([swatch('Airports'), swatch('Countries')], 'Risk Atlas')).toBe('Airports · Countries');
    expect(defaultExportTitle([], 'Risk Atlas')).toBe('Risk Atlas');
  });
});
