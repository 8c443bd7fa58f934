import { useTranslation } from 'react-i18next';
import type { ModelLeaf } from '../../../server/domain/risk/model-file';
import type { RiskInputs } from './api/prioritise-queries';

/** Another indicator and a period of its own per leaf, by leaf id (risk.inputs' `indicators` and `periods`). */
export interface LeafPicks {
  indicators: Record<string, string>;
  periods: Record<string, string>;
}

export interface LeafPickersProps {
  /** Every leaf of the model, those left out included (a pick may fill them). */
  leaves: readonly ModelLeaf[];
  available: RiskInputs['available'];
  picks: LeafPicks;
  onChange: (picks: LeafPicks) => void;
  labelOf: (leaf: ModelLeaf) => string;
}

const without = (o: Record<string, string>, key: string) => Object.fromEntries(Object.entries(o).filter(([k]) => k !== key));

/**
 * Per leaf of the model, which indicator fills it (the model's own, or any imported indicator or
 * factor the viewer may see on these areas) and which period it is read for (each area's latest,
 * or one period of that indicator). A change fetches the inputs again; the weights stay.
 */
export function LeafPickers({ leaves, available, picks, onChange, labelOf }: LeafPickersProps) {
  const { t } = useTranslation();
  const find = (indicator: string) => available.find((a) => a.indicator === indicator) ?? available.find((a) => a.name === indicator);
  const optionLabel = (a: RiskInputs['available'][number]) => (a.kind === 'factor' ? t('prioritise.leaves.factor', { name: a.name }) : t('prioritise.leaves.imported', { name: a.name, dataset: a.datasetName }));
  return (
    <details className="prioritise-section prioritise-leaves" data-testid="prioritise-leaves">
      <summary>{t('prioritise.leaves.heading')}</summary>
      <p className="prioritise-muted">{t('prioritise.leaves.help')}</p>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('prioritise.leaf')}</th>
            <th scope="col">{t('prioritise.leaves.indicator')}</th>
            <th scope="col">{t('prioritise.leaves.period')}</th>
          </tr>
        </thead>
        <tbody>
          {leaves.map((leaf) => {
            const label = labelOf(leaf);
            const chosen = picks.indicators[leaf.id] ?? leaf.indicator;
            const periods = find(chosen)?.periods ?? [];
            return (
              <tr key={leaf.id} data-leaf={leaf.id}>
                <th scope="row">{label}</th>
                <td>
                  <select
                    aria-label={t('prioritise.leaves.indicatorOf', { label })}
                    value={picks.indicators[leaf.id] ?? ''}
                    onChange={(e) => {
                      const value = e.currentTarget.value;
                      onChange({
                        indicators: value ? { ...picks.indicators, [leaf.id]: value } : without(picks.indicators, leaf.id),
                        // a period belongs to the indicator it was picked for
                        periods: without(picks.periods, leaf.id),
                      });
                    }}
                  >
                    <option value="">{t('prioritise.leaves.modelOwn', { indicator: leaf.indicator })}</option>
                    {available.filter((a) => a.indicator !== leaf.indicator).map((a) => (
                      <option key={a.indicator} value={a.indicator}>{optionLabel(a)}</option>
                    ))}
                  </select>
                </td>
                <td>
                  <select
                    aria-label={t('prioritise.leaves.periodOf', { label })}
                    value={picks.periods[leaf.id] ?? ''}
                    disabled={periods.length === 0}
                    onChange={(e) => {
                      const value = e.currentTarget.value;
                      onChange({ indicators: picks.indicators, periods: value ? { ...picks.periods, [leaf.id]: value } : without(picks.periods, leaf.id) });
                    }}
                  >
                    <option value="">{t('prioritise.leaves.latest')}</option>
                    {periods.map((p) => <option key={p} value={p}>{p}</option>)}
                  </select>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </details>
  );
}
