import { lazy, Suspense, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Slider } from '../../ui/slider';
import { ClassLegend } from '../../ui/class-legend';
import { PALETTE_IDS, type PaletteId } from '../../lib/palettes';
import { CLASS_METHODS, MAX_CLASSES, MIN_CLASSES, type ClassMethod } from './classify';
import type { ChoroplethStyle, ClassLegend as ClassLegendModel } from './choropleth-style';
import { mapStyleStore, setStyle, styleOf } from './map-style-store';
import { useStore } from '../../lib/store';
import { lazyStrings } from '../../lib/i18n';
import type { ChoroplethView } from '../../lib/url-view';
import type { ChoroplethLegend } from './use-user-layers';
import { classLegendContent } from './legend-content';

const loadIndicatorStrings = lazyStrings(() => Promise.all([import('../../locales/indicators.en.json'), import('../../locales/indicators.fr.json')]));
// the indicator, period, bivariate and comparison controls load, with their strings, once an indicator layer shows
const IndicatorTools = lazy(() => Promise.all([import('./indicator-tools'), loadIndicatorStrings()]).then(([m]) => ({ default: m.IndicatorTools })));

const CLASS_COUNTS = Array.from({ length: MAX_CLASSES - MIN_CLASSES + 1 }, (_, i) => MIN_CLASSES + i);

/**
 * The legend of a choropleth, with its classification, palette and opacity controls; for an
 * indicator layer, what to map of it (`onViewChange`).
 */
export function ChoroplethControls({ legend, layerName, onViewChange }: { legend: ClassLegendModel | ChoroplethLegend; layerName: string; onViewChange?: (change: Partial<ChoroplethView>) => void }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const style = useStore(mapStyleStore, (s) => styleOf(s.styles, legend.id));
  const id = useId();
  const change = (next: Partial<ChoroplethStyle>) => setStyle(legend.id, next);
  const breaks = legend.classes.length ? [legend.classes[0].from, ...legend.classes.map((c) => c.to)] : [];

  const onMethod = (method: ClassMethod) => {
    // the manual method starts from the breaks shown
    if (method === 'manual' && style.manualBreaks.length === 0) change({ method, manualBreaks: breaks.slice(1, -1) });
    else change({ method });
  };

  const indicatorLegend = 'indicators' in legend ? legend : null;
  const bivariate = !!indicatorLegend?.bivariate;
  return (
    <div className="choropleth-controls" role="group" aria-label={t('layers.style.heading', { layer: layerName })}>
      {!bivariate && (
      <ClassLegend {...classLegendContent(legend, t, lang)} testId={`legend-${legend.id}`} breaks={breaks} />
      )}
      {!bivariate && legend.filteredOut > 0 && (
        <p className="legend__note" data-testid={`legend-filtered-${legend.id}`}>
          {t('layers.legend.filteredOut', { count: legend.filteredOut })}
        </p>
      )}
      {indicatorLegend && onViewChange && (
        <Suspense fallback={null}>
          <IndicatorTools legend={indicatorLegend} layerName={layerName} onChange={onViewChange} />
        </Suspense>
      )}
      {!bivariate && (
      <>
      <div className="choropleth-controls__row">
        <label htmlFor={`${id}-method`}>{t('layers.style.classification')}</label>
        <select id={`${id}-method`} value={style.method} onChange={(e) => onMethod(e.currentTarget.value as ClassMethod)}>
          {CLASS_METHODS.map((m) => (
            <option key={m} value={m}>
              {t(`layers.style.methods.${m}`)}
            </option>
          ))}
        </select>
      </div>
      {style.method === 'manual' ? (
        <ManualBreaks key={style.manualBreaks.join(' ')} value={style.manualBreaks} onChange={(manualBreaks) => change({ manualBreaks })} />
      ) : (
        <div className="choropleth-controls__row">
          <label htmlFor={`${id}-classes`}>{t('layers.style.classes')}</label>
          <select id={`${id}-classes`} value={style.classes} onChange={(e) => change({ classes: Number(e.currentTarget.value) })}>
            {CLASS_COUNTS.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </div>
      )}
      <RangeFilter key={(style.range ?? []).join(' ')} value={style.range ?? [null, null]} onChange={(range) => change({ range })} />
      <div className="choropleth-controls__row">
        <label htmlFor={`${id}-palette`}>{t('layers.style.palette')}</label>
        <select id={`${id}-palette`} value={style.palette} onChange={(e) => change({ palette: e.currentTarget.value as PaletteId })}>
          {PALETTE_IDS.map((p) => (
            <option key={p} value={p}>
              {t(`layers.style.palettes.${p}`)}
            </option>
          ))}
        </select>
      </div>
      </>
      )}
      <Slider
        label={t('layers.opacity', { layer: layerName })}
        value={Math.round(style.opacity * 100)}
        min={10}
        max={100}
        step={5}
        valueText={`${Math.round(style.opacity * 100)} %`}
        onChange={(v) => change({ opacity: v / 100 })}
      />
    </div>
  );
}

/** A range of values to fill: two optional numbers (a decimal comma read as a point), applied on Enter or leaving the field. */
function RangeFilter({ value, onChange }: { value: [number | null, number | null]; onChange: (range: [number | null, number | null]) => void }) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const [text, setText] = useState(() => value.map((v) => (v === null ? '' : String(v))));
  const [invalid, setInvalid] = useState(false);
  const apply = () => {
    const parts = text.map((p) => (p.trim() === '' ? null : Number(p.trim().replace(',', '.'))));
    const ok = parts.every((p) => p === null || Number.isFinite(p)) && (parts[0] === null || parts[1] === null || parts[0] <= parts[1]);
    setInvalid(!ok);
    if (ok) onChange(parts as [number | null, number | null]);
  };
  const input = (i: 0 | 1, label: string) => (
    <>
      <label htmlFor={`${id}-${i}`}>{label}</label>
      <input
        id={`${id}-${i}`}
        type="text"
        inputMode="decimal"
        lang={i18n.language}
        value={text[i]}
        aria-invalid={invalid}
        aria-describedby={invalid ? `${id}-error` : undefined}
        onChange={(e) => {
          const next = [...text];
          next[i] = e.currentTarget.value;
          setText(next);
        }}
        onBlur={apply}
        onKeyDown={(e) => {
          if (e.key === 'Enter') apply();
        }}
      />
    </>
  );
  return (
    <div className="choropleth-controls__row choropleth-controls__row--range" role="group" aria-label={t('layers.style.range')}>
      {input(0, t('layers.style.rangeFrom'))}
      {input(1, t('layers.style.rangeTo'))}
      {invalid && (
        <p id={`${id}-error`} className="error-text" role="alert">
          {t('layers.style.rangeError')}
        </p>
      )}
    </div>
  );
}

/** Inner breaks typed as numbers separated by spaces (a decimal comma is read as a point). */
function ManualBreaks({ value, onChange }: { value: number[]; onChange: (breaks: number[]) => void }) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const [text, setText] = useState(() => value.map((v) => String(Math.round(v * 100) / 100)).join(' '));
  const [invalid, setInvalid] = useState(false);
  const apply = () => {
    const parts = text.trim().split(/[\s;]+/).filter(Boolean).map((p) => Number(p.replace(',', '.')));
    const ok = parts.length >= 1 && parts.length <= MAX_CLASSES - 1 && parts.every(Number.isFinite);
    setInvalid(!ok);
    if (ok) onChange(parts);
  };
  return (
    <div className="choropleth-controls__row choropleth-controls__row--manual">
      <label htmlFor={id}>{t('layers.style.manualBreaks')}</label>
      <input
        id={id}
        type="text"
        inputMode="decimal"
        lang={i18n.language}
        value={text}
        aria-invalid={invalid}
        aria-describedby={invalid ? `${id}-error` : undefined}
        onChange={(e) => setText(e.currentTarget.value)}
        onBlur={apply}
        onKeyDown={(e) => {
          if (e.key === 'Enter') apply();
        }}
      />
      <button type="button" onClick={apply}>
        {t('layers.style.apply')}
      </button>
      {invalid && (
        <p id={`${id}-error`} className="error-text" role="alert">
          {t('layers.style.manualBreaksError')}
        </p>
      )}
    </div>
  );
}
