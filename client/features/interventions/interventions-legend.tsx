import { useTranslation } from 'react-i18next';
import { toCss } from '../../lib/colours';
import { useStore } from '../../lib/store';
import { interventionsUi } from './interventions-ui-store';
import { legendEntries } from './intervention-colours';
import { strategyLabel } from './intervention-labels';
import './interventions.css';

/** The interventions layer's key: a swatch per strategy or per status, over the map's lower right. */
export function InterventionsLegend() {
  const { t } = useTranslation();
  const colourBy = useStore(interventionsUi, (s) => s.layer.colourBy);
  return (
    <figure className="iv-legend" data-testid="interventions-legend">
      <figcaption className="legend__title">{t(colourBy === 'strategy' ? 'interventions.layer.legendStrategy' : 'interventions.layer.legendStatus')}</figcaption>
      <ul>
        {legendEntries(colourBy).map((e) => (
          <li key={e.key}>
            <span className="swatch swatch--box" style={{ background: toCss(e.colour, 0.5), borderColor: toCss(e.colour) }} aria-hidden="true" />
            {colourBy === 'strategy' ? strategyLabel(t, e.key) : t(`interventions.status.${e.key}`)}
          </li>
        ))}
      </ul>
    </figure>
  );
}
