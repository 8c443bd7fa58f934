import { useTranslation } from 'react-i18next';
import { Panel } from '../../ui/panel';
import { Slider } from '../../ui/slider';
import { Loading } from '../../ui/loading';
import { formatKm, formatNumber } from '../../lib/format';
import { okabeIto, toCss } from '../../lib/colours';
import { BORDER_KM_MAX, BORDER_KM_MIN, LAYER_IDS, type LayerId } from '../../lib/url-view';
import { useLayerList } from './api/layer-queries';
import type { LayerStatus } from './use-data-layers';

export interface LayerPanelProps {
  visible: Record<LayerId, boolean>;
  borderKm: number;
  status: Record<LayerId, LayerStatus>;
  onToggle: (id: LayerId, visible: boolean) => void;
  onBorderKmChange: (km: number) => void;
}

// legend swatches: the colours the layer factories draw with
const swatches: Record<LayerId, { colour: string; shape: 'box' | 'band' | 'dot' }> = {
  countries: { colour: toCss(okabeIto.yellow, 0.5), shape: 'box' },
  borderland: { colour: toCss(okabeIto.vermillion, 0.6), shape: 'band' },
  airports: { colour: toCss(okabeIto.blue), shape: 'dot' },
  places: { colour: toCss(okabeIto.reddishPurple, 0.75), shape: 'dot' },
};

/** The layer list: a checkbox per layer with its count and source; the borderland width. */
export function LayerPanel({ visible, borderKm, status, onToggle, onBorderKmChange }: LayerPanelProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const list = useLayerList();
  const byId = new Map((list.data ?? []).map((layer) => [layer.id as string, layer]));

  return (
    <Panel side="left" title={t('layers.heading')} headingId="layers-heading" className="layer-panel">
      {list.isPending && <Loading label={t('layers.loadingList')} />}
      {list.error && (
        <p className="error-text" role="alert">
          {t('layers.listError', { message: list.error.message })}
        </p>
      )}
      <ul className="layer-list">
        {LAYER_IDS.map((id) => {
          const info = byId.get(id);
          const s = status[id];
          const inputId = `layer-toggle-${id}`;
          const metaId = `layer-meta-${id}`;
          return (
            <li key={id} className="layer-item">
              <div className="layer-item__row">
                <input
                  id={inputId}
                  type="checkbox"
                  checked={visible[id]}
                  onChange={(e) => onToggle(id, e.currentTarget.checked)}
                  aria-describedby={info ? metaId : undefined}
                />
                <label htmlFor={inputId} className="layer-item__label">
                  <span
                    className={`swatch swatch--${swatches[id].shape}`}
                    style={{ background: swatches[id].colour }}
                    aria-hidden="true"
                  />
                  {t(`layers.${id}`)}
                </label>
              </div>
              {info && (
                <p id={metaId} className="layer-item__meta">
                  {t('layers.meta', {
                    count: formatNumber(info.featureCount, lang),
                    source: info.source,
                    licence: info.licence,
                  })}
                </p>
              )}
              {s.loading && <Loading label={t('layers.loadingData')} />}
              {s.error && (
                <p className="error-text" role="alert">
                  {t('layers.loadError', { layer: t(`layers.${id}`), message: s.error.message })}
                </p>
              )}
              {id === 'borderland' && (
                <Slider
                  label={t('layers.borderWidth')}
                  value={borderKm}
                  min={BORDER_KM_MIN}
                  max={BORDER_KM_MAX}
                  step={1}
                  valueText={formatKm(borderKm, lang)}
                  onChange={onBorderKmChange}
                />
              )}
            </li>
          );
        })}
      </ul>
    </Panel>
  );
}
