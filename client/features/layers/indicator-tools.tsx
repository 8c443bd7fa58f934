import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Slider } from '../../ui/slider';
import { ClassLegend } from '../../ui/class-legend';
import { toCss } from '../../lib/colours';
import type { ChoroplethView } from '../../lib/url-view';
import type { BivariateLegend } from './bivariate';
import type { ChoroplethLegend } from './use-user-layers';
import { formatBreak } from './legend-content';

export interface IndicatorToolsProps {
  legend: ChoroplethLegend;
  layerName: string;
  onChange: (change: Partial<ChoroplethView>) => void;
}

/** How long each period shows while playing. */
const PLAY_STEP_MS = 1200;

/**
 * What to map of an indicator layer: the indicator, the period (a slider, and play), breaks fixed
 * across periods, a second indicator (bivariate) or a second period (swipe); with the bivariate
 * legend and the compared period's. Loaded, with its strings, once an indicator layer shows.
 */
export function IndicatorTools({ legend, layerName, onChange }: IndicatorToolsProps) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const { view, indicators } = legend;
  const current = indicators.find((i) => i.name === legend.indicator);
  const periods = current?.periods ?? [];
  const period = view.period && periods.includes(view.period) ? view.period : null;
  const index = period ? periods.indexOf(period) : periods.length - 1;
  const [playing, setPlaying] = useState(false);
  // the latest handler, without restarting the play timer when the panel re-renders
  const change = useRef(onChange);
  change.current = onChange;

  // one period after another, stopping at the last
  useEffect(() => {
    if (!playing) return;
    if (period !== null && index >= periods.length - 1) {
      setPlaying(false);
      return;
    }
    const timer = setTimeout(() => change.current({ period: periods[period === null ? 0 : index + 1] }), period === null ? 0 : PLAY_STEP_MS);
    return () => clearTimeout(timer);
  }, [playing, period, index, periods]);

  const others = indicators.filter((i) => i.name !== legend.indicator);
  const bivariate = legend.bivariate;
  const comparable = periods.filter((p) => p !== (period ?? null));

  return (
    <div className="indicator-tools" role="group" aria-label={t('indicators.heading', { layer: layerName })}>
      {bivariate && <BivariateLegendView legend={bivariate} testId={`bivariate-legend-${legend.id}`} lang={i18n.language} />}
      {legend.compared && (
        <ClassLegend
          testId={`legend-${legend.compared.id}`}
          title={t('indicators.compared', { period: legend.compared.periods.join(', ') })}
          caption={t('indicators.comparedNote')}
          breaks={legend.compared.classes.length ? [legend.compared.classes[0].from, ...legend.compared.classes.map((c) => c.to)] : []}
          rows={legend.compared.classes.map((c) => ({
            colour: toCss(c.colour),
            label: c.from === c.to ? formatBreak(c.from, i18n.language) : `${formatBreak(c.from, i18n.language)} – ${formatBreak(c.to, i18n.language)}`,
            count: t('layers.legend.count', { count: c.count }),
          }))}
          noData={legend.compared.noData > 0 ? { label: t('layers.legend.noData'), count: t('layers.legend.count', { count: legend.compared.noData }) } : undefined}
        />
      )}
      {indicators.length > 1 && (
        <div className="choropleth-controls__row">
          <label htmlFor={`${id}-indicator`}>{t('indicators.indicator')}</label>
          <select id={`${id}-indicator`} value={legend.indicator} onChange={(e) => onChange({ indicator: e.currentTarget.value, period: null, second: null, compare: null })}>
            {indicators.map((i) => (
              <option key={i.name} value={i.name}>
                {i.unit ? `${i.name} (${i.unit})` : i.name}
              </option>
            ))}
          </select>
        </div>
      )}
      {periods.length > 1 && (
        <>
          <div className="indicator-tools__period">
            <Slider
              label={t('indicators.period')}
              value={index}
              min={0}
              max={periods.length - 1}
              step={1}
              valueText={period ?? t('indicators.latest')}
              onChange={(i) => onChange({ period: periods[i] })}
            />
            <button type="button" className="indicator-tools__play" aria-pressed={playing} onClick={() => setPlaying((p) => !p)}>
              {playing ? t('indicators.pause') : t('indicators.play')}
            </button>
          </div>
          {period !== null && (
            <button type="button" className="indicator-tools__latest" onClick={() => onChange({ period: null, compare: null })}>
              {t('indicators.showLatest')}
            </button>
          )}
          <label className="indicator-tools__check">
            <input type="checkbox" checked={view.fixBreaks || !!legend.compared} disabled={!!legend.compared} onChange={(e) => onChange({ fixBreaks: e.currentTarget.checked })} />
            {t('indicators.fixBreaks')}
          </label>
        </>
      )}
      {others.length > 0 && (
        <div className="choropleth-controls__row">
          <label htmlFor={`${id}-second`}>{t('indicators.second')}</label>
          <select id={`${id}-second`} value={bivariate ? view.second ?? '' : ''} onChange={(e) => onChange({ second: e.currentTarget.value || null, compare: null })}>
            <option value="">{t('indicators.none')}</option>
            {others.map((i) => (
              <option key={i.name} value={i.name}>
                {i.name}
              </option>
            ))}
          </select>
        </div>
      )}
      {periods.length > 1 && !bivariate && (
        <div className="choropleth-controls__row">
          <label htmlFor={`${id}-compare`}>{t('indicators.compare')}</label>
          <select id={`${id}-compare`} value={legend.compared ? view.compare ?? '' : ''} onChange={(e) => onChange({ compare: e.currentTarget.value || null, period: period ?? periods[periods.length - 1] })}>
            <option value="">{t('indicators.none')}</option>
            {comparable.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
        </div>
      )}
    </div>
  );
}

/**
 * The 3 × 3 legend of a bivariate map: rows the first indicator's tertiles (rising upwards), columns
 * the second's (rising rightwards), each cell with its number of areas; then no data.
 */
export function BivariateLegendView({ legend, testId, lang }: { legend: BivariateLegend; testId: string; lang: string }) {
  const { t } = useTranslation();
  const range = (breaks: number[], i: number) => (breaks.length > i + 1 ? `${formatBreak(breaks[i], lang)} – ${formatBreak(breaks[i + 1], lang)}` : '—');
  const cells = [2, 1, 0].flatMap((row) => [0, 1, 2].map((column) => ({ row, column })));
  return (
    <figure className="legend bivariate-legend" data-testid={testId} data-counts={JSON.stringify(legend.counts)}>
      <figcaption className="legend__title">{t('indicators.bivariateTitle', { first: legend.first.title, second: legend.second.title })}</figcaption>
      <div className="bivariate-legend__body">
        <ul className="bivariate-legend__grid" aria-label={t('indicators.bivariateGrid')}>
          {cells.map(({ row, column }) => {
            const text = t('indicators.bivariateCell', { first: range(legend.first.breaks, row), second: range(legend.second.breaks, column), count: legend.counts[row][column] });
            return (
              <li
                key={`${row}-${column}`}
                className="bivariate-legend__cell"
                style={{ background: toCss(legend.colours[row][column]), color: row + column >= 3 ? '#fff' : '#111' }}
                title={text}
              >
                <span aria-hidden="true">{legend.counts[row][column]}</span>
                <span className="visually-hidden">{text}</span>
              </li>
            );
          })}
        </ul>
        <p className="bivariate-legend__axis">
          ↑ {legend.first.title}
          {legend.first.unit && ` (${legend.first.unit})`}
          <br />
          {t('indicators.tertiles', { breaks: legend.first.breaks.map((b) => formatBreak(b, lang)).join(' · ') })}
        </p>
        <p className="bivariate-legend__axis bivariate-legend__axis--second">
          → {legend.second.title}
          {legend.second.unit && ` (${legend.second.unit})`}
          <br />
          {t('indicators.tertiles', { breaks: legend.second.breaks.map((b) => formatBreak(b, lang)).join(' · ') })}
        </p>
      </div>
      <ul className="class-legend__rows">
        {legend.noData > 0 && (
          <li className="class-legend__row class-legend__row--no-data">
            <span className="class-legend__swatch class-legend__swatch--no-data" aria-hidden="true" />
            <span className="class-legend__label">{t('indicators.bivariateNoData')}</span>
            <span className="class-legend__count">{t('layers.legend.count', { count: legend.noData })}</span>
          </li>
        )}
      </ul>
      <p className="legend__note">{t('indicators.bivariateCaption', { period: legend.periods.join(', ') || '—', source: legend.source })}</p>
    </figure>
  );
}
