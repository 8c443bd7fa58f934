import type { TFunction } from 'i18next';
import { fromHex, okabeIto, toCss } from '../../lib/colours';
import { formatKm, formatNumber } from '../../lib/format';
import type { LayerId } from '../../lib/url-view';
import type { ClassesLegendContent, GridLegendContent, LegendContent } from '../../ui/legend-content';
import type { ClassLegend } from './choropleth-style';
import type { BivariateLegend } from './bivariate';
import type { DatasetSummary } from './api/dataset-queries';
import { topFirst } from './layer-order';
import { DEFAULT_STYLE, userDatasets, type ChoroplethLegend } from './use-user-layers';

/** The built-in layers' legend swatches: the colours the layer factories draw with. */
export const BUILT_IN_SWATCHES: Record<LayerId, { colour: string; shape: 'box' | 'band' | 'dot' }> = {
  countries: { colour: toCss(okabeIto.yellow, 0.5), shape: 'box' },
  borderland: { colour: toCss(okabeIto.vermillion, 0.6), shape: 'band' },
  airports: { colour: toCss(okabeIto.blue), shape: 'dot' },
  places: { colour: toCss(okabeIto.reddishPurple, 0.75), shape: 'dot' },
};

/** A break as the legend shows it: up to 2 decimals, 3 significant digits for small values. */
export function formatBreak(x: number, lang: string): string {
  const abs = Math.abs(x);
  const options: Intl.NumberFormatOptions = abs !== 0 && abs < 1 ? { maximumSignificantDigits: 3 } : { maximumFractionDigits: 2 };
  return new Intl.NumberFormat(lang, options).format(x);
}

/** The words of a choropleth's legend: its classes, no data, unit, method, period and source. */
export function classLegendContent(legend: ClassLegend, t: TFunction, lang: string): ClassesLegendContent {
  return {
    kind: 'classes',
    title: legend.title,
    unit: legend.unit ? t('layers.legend.unit', { unit: legend.unit }) : undefined,
    caption:
      t('layers.legend.caption', {
        method: t(`layers.style.methods.${legend.method}`),
        classes: legend.classes.length,
        period: legend.periods.join(', ') || '—',
        source: legend.source,
      }) + (legend.fixedAcrossPeriods ? ` · ${t('layers.legend.fixed')}` : ''),
    rows: legend.classes.map((c) => ({
      colour: toCss(c.colour),
      label: c.from === c.to ? formatBreak(c.from, lang) : `${formatBreak(c.from, lang)} – ${formatBreak(c.to, lang)}`,
      count: t('layers.legend.count', { count: c.count }),
    })),
    noData: legend.noData > 0 ? { label: t('layers.legend.noData'), count: t('layers.legend.count', { count: legend.noData }) } : undefined,
    protectedRow:
      legend.protectedCount > 0
        ? { label: t('layers.legend.protected', { k: legend.protectedBelow ?? 10 }), count: t('layers.legend.count', { count: legend.protectedCount }) }
        : undefined,
    notes: legend.filteredOut > 0 ? [t('layers.legend.filteredOut', { count: legend.filteredOut })] : undefined,
  };
}

/** The words of a bivariate map's 3 × 3 legend (its strings load with the indicator tools). */
export function bivariateLegendContent(legend: BivariateLegend, t: TFunction, lang: string): GridLegendContent {
  const axis = (a: BivariateLegend['first']) =>
    `${a.title}${a.unit ? ` (${a.unit})` : ''} · ${t('indicators.tertiles', { breaks: a.breaks.map((b) => formatBreak(b, lang)).join(' · ') })}`;
  return {
    kind: 'grid',
    title: t('indicators.bivariateTitle', { first: legend.first.title, second: legend.second.title }),
    colours: legend.colours.map((row) => row.map((c) => toCss(c))),
    rowAxis: `↑ ${axis(legend.first)}`,
    columnAxis: `→ ${axis(legend.second)}`,
    caption: t('indicators.bivariateCaption', { period: legend.periods.join(', ') || '—', source: legend.source }),
    noData: legend.noData > 0 ? { label: t('indicators.bivariateNoData'), count: t('layers.legend.count', { count: legend.noData }) } : undefined,
  };
}

export interface MapLegendsInput {
  visible: Record<LayerId, boolean>;
  borderKm: number;
  /** The user datasets shown, in draw order (bottom first). */
  datasetVisible: string[];
  datasets: DatasetSummary[] | undefined;
  /** The built-in layers' counts and sources (layers.list). */
  layerInfo: { id: string; featureCount: number; source: string; licence: string }[] | undefined;
  legends: ChoroplethLegend[];
  factor: ClassLegend | undefined;
  t: TFunction;
  lang: string;
}

/**
 * The legend of every visible layer, top-most first as the map draws them: the user's sites, the
 * built-in points and band, the factor's choropleth, the user's areas, the countries.
 */
export function mapLegends({ visible, borderKm, datasetVisible, datasets, layerInfo, legends, factor, t, lang }: MapLegendsInput): LegendContent[] {
  const byId = new Map(userDatasets(datasets).map((d) => [d.id, d]));
  const shown = topFirst(datasetVisible, [...byId.keys()]).map((id) => byId.get(id)!).filter(Boolean);
  const info = new Map((layerInfo ?? []).map((l) => [l.id, l]));
  const builtIn = (id: LayerId): LegendContent => {
    const meta = info.get(id);
    const caption = [
      id === 'borderland' ? t('layers.borderWidth') + ': ' + formatKm(borderKm, lang) : null,
      meta ? t('layers.meta', { count: meta.featureCount, n: formatNumber(meta.featureCount, lang), source: meta.source, licence: meta.licence }) : null,
    ].filter(Boolean);
    return { kind: 'swatch', title: t(`layers.${id}`), ...BUILT_IN_SWATCHES[id], caption: caption.join(' · ') || undefined };
  };
  const dataset = (d: DatasetSummary): LegendContent[] => {
    if (d.kind === 'observations') {
      const legend = legends.find((l) => l.datasetId === d.id);
      if (!legend) return [];
      if (legend.bivariate) return [bivariateLegendContent(legend.bivariate, t, lang)];
      const own = classLegendContent(legend, t, lang);
      const compared = legend.compared && { ...classLegendContent(legend.compared, t, lang), title: `${legend.title} · ${legend.compared.periods.join(', ')}` };
      return compared ? [own, compared] : [own];
    }
    const kind = d.kind as 'sites' | 'boundaries';
    const colour = toCss(fromHex(d.style?.colour, DEFAULT_STYLE[kind].colour));
    const caption = t('layers.datasetMeta', { count: d.featureCount, n: formatNumber(d.featureCount, lang), source: d.source });
    return [{ kind: 'swatch', title: d.name, colour, shape: kind === 'sites' ? 'dot' : 'outline', caption }];
  };
  const sites = shown.filter((d) => d.kind === 'sites');
  const areas = shown.filter((d) => d.kind !== 'sites');
  return [
    ...sites.flatMap(dataset),
    ...(['airports', 'places', 'borderland'] as const).filter((id) => visible[id]).map(builtIn),
    ...(factor ? [classLegendContent(factor, t, lang)] : []),
    ...areas.flatMap(dataset),
    ...(visible.countries ? [builtIn('countries')] : []),
  ];
}

