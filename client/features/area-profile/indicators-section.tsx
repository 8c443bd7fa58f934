import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { formatSignificant } from '../../lib/format';
import { TrendChart } from './trend-chart';
import type { AreaBrief } from './api/use-area-brief';

type Indicator = AreaBrief['indicators'][number];
type Period = Indicator['periods'][number];

/**
 * Every imported indicator of the area: its latest value with the period, the interval when the
 * data gives one, its rank among the set's areas and the source; a trend chart and a table of
 * every period when there are several.
 */
export function IndicatorsSection({ indicators }: { indicators: Indicator[] }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  return (
    <section aria-labelledby="brief-indicators" data-testid="brief-indicators">
      <h3 id="brief-indicators">{t('brief.indicators.heading')}</h3>
      {indicators.length === 0 && <p className="note">{t('brief.indicators.none')}</p>}
      {indicators.map((ind) => {
        const latest = ind.periods[ind.periods.length - 1];
        return (
          <article key={`${ind.datasetId}:${ind.id}`} className="brief-indicator" data-testid="brief-indicator" data-indicator={ind.name}>
            <h4>{ind.name}</h4>
            {latest && (
              <p className="brief-indicator__latest">
                <span className="figure" data-testid="indicator-value">{valueText(latest.value, ind.unit, lang)}</span>{' '}
                <span data-testid="indicator-period">{t('brief.indicators.period', { period: latest.period })}</span>
                {intervalOf(latest, ind.unit, lang, t) && <span className="note"> {intervalOf(latest, ind.unit, lang, t)}</span>}
              </p>
            )}
            {latest?.rank && <p className="note" data-testid="indicator-rank">{rankText(latest.rank, t, lang)}</p>}
            <p className="note" data-testid="indicator-source">{t('brief.indicators.source', { source: ind.source || '—', dataset: ind.datasetName })}</p>
            {ind.periods.length > 1 && (
              <>
                <TrendChart label={ind.name} unit={ind.unit} points={ind.periods} />
                <details className="brief-indicator__table">
                  <summary>{t('brief.indicators.tableToggle', { count: ind.periods.length })}</summary>
                  <table data-testid="indicator-periods">
                    <caption className="visually-hidden">{t('brief.indicators.tableCaption', { name: ind.name })}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t('brief.indicators.periodColumn')}</th>
                        <th scope="col" className="num">{t('brief.indicators.valueColumn')}</th>
                        <th scope="col" className="num">{t('brief.indicators.intervalColumn')}</th>
                        <th scope="col" className="num">{t('brief.indicators.rankColumn')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {ind.periods.map((p) => (
                        <tr key={p.period}>
                          <th scope="row">{p.period}</th>
                          <td className="num">{valueText(p.value, ind.unit, lang)}</td>
                          <td className="num">{p.lower !== null && p.upper !== null ? `${formatSignificant(p.lower, lang)}–${formatSignificant(p.upper, lang)}` : '—'}</td>
                          <td className="num">{p.rank ? t('brief.indicators.rankShort', { rank: p.rank.rank, of: p.rank.of }) : '—'}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </details>
              </>
            )}
          </article>
        );
      })}
    </section>
  );
}

function valueText(value: number, unit: string, lang: string): string {
  return `${formatSignificant(value, lang)}${unit ? `\u00a0${unit}` : ''}`;
}

function intervalOf(p: Period, unit: string, lang: string, t: TFunction): string | null {
  if (p.lower === null || p.upper === null) return null;
  return t('brief.indicators.interval', { lower: valueText(p.lower, unit, lang), upper: valueText(p.upper, unit, lang) });
}

function rankText(rank: NonNullable<Period['rank']>, t: TFunction, lang: string): string {
  const n = new Intl.NumberFormat(lang);
  return rank.tiedWith > 0
    ? t('brief.indicators.rankTied', { rank: n.format(rank.rank), of: n.format(rank.of), count: rank.tiedWith })
    : t('brief.indicators.rank', { rank: n.format(rank.rank), count: rank.of, n: n.format(rank.of) });
}
