import { useTranslation } from 'react-i18next';
import { Panel } from '../../ui/panel';
import { Slider } from '../../ui/slider';
import { Loading } from '../../ui/loading';
import { formatKm, formatNumber } from '../../lib/format';
import { fromHex, sequentialGradientCss, toCss } from '../../lib/colours';
import { BUILT_IN_SWATCHES } from './legend-content';
import { DATASET_PREFIX, type ChoroplethView, type LayerId } from '../../lib/url-view';
import { BORDER_KM_MAX, BORDER_KM_MIN } from '../../../server/domain/zone-widths';
import { LayerGroup } from './layer-group';
import { topFirst } from './layer-order';
import { FactorPicker } from './factor-picker';
import { ChoroplethControls } from './choropleth-controls';
import { mapStyleStore, setOpacity } from './map-style-store';
import { useStore } from '../../lib/store';
import type { ClassLegend } from './choropleth-style';
import { useLayerList } from './api/layer-queries';
import { useDatasetList, type DatasetSummary } from './api/dataset-queries';
import { DEFAULT_STYLE, userDatasets, type ChoroplethLegend } from './use-user-layers';
import type { LayerStatus } from './use-data-layers';

export interface LayerPanelProps {
  visible: Record<LayerId, boolean>;
  borderKm: number;
  status: Record<LayerId, LayerStatus>;
  onToggle: (id: LayerId, visible: boolean) => void;
  onBorderKmChange: (km: number) => void;
  /** Ids of the user datasets shown. */
  datasetVisible: string[];
  datasetStatus: Record<string, LayerStatus>;
  legends: ChoroplethLegend[];
  onToggleDataset: (id: string, visible: boolean) => void;
  /** Draws dataset `id` where `target` is drawn (drag, or the move up and down buttons). */
  onMoveDataset?: (id: string, target: string) => void;
  /** Changes what an indicator layer maps (indicator, period, comparison). */
  onChoroplethView?: (datasetId: string, change: Partial<ChoroplethView>) => void;
  onImport: () => void;
  onCatalogue: () => void;
  /** Opens the interventions (who does what, where). */
  onInterventions?: () => void;
  /** Opens the local safety-net plans. */
  onPlans?: () => void;
  /** The factor mapped as a choropleth (use-data-layers). */
  factor?: { legend: ClassLegend | undefined; status: LayerStatus };
}

// the built-in layers in their groups of the panel
const BASE_GROUPS = [
  { group: 'base', ids: ['countries', 'borderland'] },
  { group: 'sites', ids: ['airports', 'places'] },
] as const satisfies { group: string; ids: readonly LayerId[] }[];
const NO_FACTOR = { legend: undefined, status: { loading: false, error: null } };

const swatches = BUILT_IN_SWATCHES;

/** The layer list: a checkbox per layer with its count and source; the borderland width. */
export function LayerPanel({
  visible,
  borderKm,
  status,
  onToggle,
  onBorderKmChange,
  datasetVisible,
  datasetStatus,
  legends,
  onToggleDataset,
  onChoroplethView,
  onMoveDataset,
  onImport,
  onCatalogue,
  onInterventions,
  onPlans,
  factor = NO_FACTOR,
}: LayerPanelProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const list = useLayerList();
  const datasets = useDatasetList();
  const mine = userDatasets(datasets.data);
  // the layers shown first, top first (their draw order), then the others as the catalogue lists them
  const inDrawOrder = (list: DatasetSummary[]) => {
    const shown = topFirst(datasetVisible, list.map((d) => d.id));
    const byId = new Map(list.map((d) => [d.id, d]));
    return [...shown.map((id) => byId.get(id)!), ...list.filter((d) => !shown.includes(d.id))];
  };
  const indicators = inDrawOrder(mine.filter((d) => d.kind === 'observations'));
  const others = inDrawOrder(mine.filter((d) => d.kind !== 'observations'));
  const neighbours = (list: DatasetSummary[], id: string) => {
    const shown = list.filter((d) => datasetVisible.includes(d.id)).map((d) => d.id);
    const i = shown.indexOf(id);
    return i < 0 ? undefined : { above: shown[i - 1] ?? null, below: shown[i + 1] ?? null };
  };
  const opacity = useStore(mapStyleStore, (s) => s.opacity);
  const byId = new Map((list.data ?? []).map((layer) => [layer.id as string, layer]));

  return (
    <Panel side="left" title={t('layers.heading')} headingId="layers-heading" className="layer-panel">
      {list.isPending && <Loading label={t('layers.loadingList')} />}
      {list.error && (
        <p className="error-text" role="alert">
          {t('layers.listError', { message: list.error.message })}
        </p>
      )}
      {BASE_GROUPS.map(({ group, ids }) => (
      <LayerGroup key={group} id={group} title={t(`layers.groups.${group}`)}>
      <ul className="layer-list">
        {ids.map((id) => {
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
                    count: info.featureCount,
                    n: formatNumber(info.featureCount, lang),
                    source: info.source,
                    licence: info.licence,
                  })}
                </p>
              )}
              {visible[id] && s.grouped && <p className="layer-item__meta">{t('layers.grouped')}</p>}
              {s.loading && <Loading label={t('layers.loadingData')} />}
              {s.error && (
                <p className="error-text" role="alert">
                  {t('layers.loadError', { layer: t(`layers.${id}`), message: s.error.message })}
                </p>
              )}
              {visible[id] && (
                <OpacitySlider layerId={id} layerName={t(`layers.${id}`)} value={opacity[id]} />
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
      </LayerGroup>
      ))}

      <LayerGroup id="indicators" title={t('layers.groups.indicators')}>
        {indicators.length > 0 && (
          <ul className="layer-list" aria-label={t('layers.groups.indicators')}>
            {indicators.map((d) => (
              <DatasetItem
                key={d.id}
                dataset={d}
                checked={datasetVisible.includes(d.id)}
                status={datasetStatus[d.id]}
                legend={legends.find((l) => l.datasetId === d.id)}
                onToggle={onToggleDataset}
                onViewChange={onChoroplethView}
                order={neighbours(indicators, d.id)}
                onMove={onMoveDataset}
                opacity={undefined}
              />
            ))}
          </ul>
        )}
        <h4 className="layer-panel__subheading">{t('layers.factors.heading')}</h4>
        <FactorPicker boundarySets={others.filter((d) => d.kind === 'boundaries')} legend={factor.legend} status={factor.status} />
      </LayerGroup>

      <LayerGroup id="datasets" title={t('layers.yours')}>
      {datasets.error && (
        <p className="error-text" role="alert">
          {t('layers.datasetsError', { message: datasets.error.message })}
        </p>
      )}
      {datasets.data && mine.length === 0 && <p className="note">{t('layers.noneYet')}</p>}
      {others.length > 0 && (
        <ul className="layer-list" aria-label={t('layers.yours')}>
          {others.map((d) => (
            <DatasetItem
              key={d.id}
              dataset={d}
              checked={datasetVisible.includes(d.id)}
              status={datasetStatus[d.id]}
              legend={legends.find((l) => l.datasetId === d.id)}
              onToggle={onToggleDataset}
              order={neighbours(others, d.id)}
              onMove={onMoveDataset}
              opacity={opacity[DATASET_PREFIX + d.id]}
            />
          ))}
        </ul>
      )}
      </LayerGroup>
      <div className="button-row layer-panel__actions">
        <button type="button" className="button--primary" onClick={onImport}>
          {t('layers.import')}
        </button>
        <button type="button" onClick={onCatalogue}>
          {t('layers.catalogue')}
        </button>
        {onInterventions && (
          <button type="button" onClick={onInterventions}>
            {t('layers.interventions')}
          </button>
        )}
        {onPlans && (
          <button type="button" onClick={onPlans}>
            {t('layers.plans')}
          </button>
        )}
      </div>
    </Panel>
  );
}

interface DatasetItemProps {
  dataset: DatasetSummary;
  checked: boolean;
  status: LayerStatus | undefined;
  legend: ChoroplethLegend | undefined;
  onToggle: (id: string, visible: boolean) => void;
  onViewChange?: (datasetId: string, change: Partial<ChoroplethView>) => void;
  /** The shown layers of its group drawn just above and below it (null at an end); undefined when hidden. */
  order?: { above: string | null; below: string | null };
  onMove?: (id: string, target: string) => void;
  /** Opacity chosen in the panel (sites and boundaries; a choropleth has its own in its style). */
  opacity: number | undefined;
}

// what a dragged layer row carries: its dataset id
const DRAG_TYPE = 'application/x-risk-atlas-layer';

/** An opacity slider for a layer drawn with one style (a choropleth has its own, in its style). */
function OpacitySlider({ layerId, layerName, value }: { layerId: string; layerName: string; value: number | undefined }) {
  const { t } = useTranslation();
  const percent = Math.round((value ?? 1) * 100);
  return (
    <Slider
      label={t('layers.opacity', { layer: layerName })}
      value={percent}
      min={10}
      max={100}
      step={5}
      valueText={`${percent} %`}
      onChange={(v) => setOpacity(layerId, v / 100)}
    />
  );
}

/** A user dataset's row: checkbox, swatch in its style, count and source, its legend when drawn. */
function DatasetItem({ dataset: d, checked, status, legend, onToggle, onViewChange, order, onMove, opacity }: DatasetItemProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const kind = d.kind as keyof typeof DEFAULT_STYLE;
  const colour = toCss(fromHex(d.style?.colour, DEFAULT_STYLE[kind].colour));
  const inputId = `layer-toggle-d-${d.id}`;
  const metaId = `layer-meta-d-${d.id}`;
  const swatch =
    kind === 'sites' ? (
      <span className="swatch swatch--dot" style={{ background: colour }} aria-hidden="true" />
    ) : kind === 'boundaries' ? (
      <span className="swatch swatch--box swatch--outline" style={{ borderColor: colour }} aria-hidden="true" />
    ) : (
      <span className="swatch swatch--band" style={{ background: sequentialGradientCss() }} aria-hidden="true" />
    );
  return (
    <li
      className="layer-item"
      data-testid={`dataset-layer-${d.id}`}
      onDragOver={(e) => {
        if (order && e.dataTransfer.types.includes(DRAG_TYPE)) e.preventDefault();
      }}
      onDrop={(e) => {
        const dragged = e.dataTransfer.getData(DRAG_TYPE);
        if (order && dragged && dragged !== d.id) {
          e.preventDefault();
          onMove?.(dragged, d.id);
        }
      }}
    >
      <div className="layer-item__row">
        <input id={inputId} type="checkbox" checked={checked} onChange={(e) => onToggle(d.id, e.currentTarget.checked)} aria-describedby={metaId} />
        <label htmlFor={inputId} className="layer-item__label">
          {swatch}
          {d.name}
          {d.sensitivity !== 'public' && (
            <span
              className={`badge badge--${d.sensitivity}`}
              title={t('layers.sensitiveTitle')}
              role="img"
              aria-label={t('layers.sensitiveLabel', { sensitivity: t(`layers.sensitive.${d.sensitivity}`, { defaultValue: d.sensitivity }) })}
              data-testid="sensitive-marker"
            >
              {t(`layers.sensitive.${d.sensitivity}`, { defaultValue: d.sensitivity })}
            </span>
          )}
        </label>
        {order && onMove && (order.above || order.below) && (
          <span className="layer-item__order">
            {/* the handle, not the row, is dragged: the row's sliders and selects keep their own drags */}
            <span
              className="layer-item__drag"
              draggable
              aria-hidden="true"
              title={t('layers.order.drag')}
              onDragStart={(e) => {
                e.dataTransfer.setData(DRAG_TYPE, d.id);
                e.dataTransfer.effectAllowed = 'move';
              }}
            >
              ⠿
            </span>
            <button type="button" aria-label={t('layers.order.up', { layer: d.name })} title={t('layers.order.up', { layer: d.name })} disabled={!order.above} onClick={() => order.above && onMove(d.id, order.above)}>
              ↑
            </button>
            <button type="button" aria-label={t('layers.order.down', { layer: d.name })} title={t('layers.order.down', { layer: d.name })} disabled={!order.below} onClick={() => order.below && onMove(d.id, order.below)}>
              ↓
            </button>
          </span>
        )}
      </div>
      <p id={metaId} className="layer-item__meta">
        {t(kind === 'observations' ? 'layers.datasetMetaObservations' : 'layers.datasetMeta', {
          count: d.featureCount,
          n: formatNumber(d.featureCount, lang),
          source: d.source,
        })}
      </p>
      {checked && status?.grouped && <p className="layer-item__meta">{t('layers.grouped')}</p>}
      {checked && status?.loading && <Loading label={t('layers.loadingData')} />}
      {checked && status?.error && (
        <p className="error-text" role="alert">
          {t('layers.loadError', { layer: d.name, message: status.error.message })}
        </p>
      )}
      {checked && legend && (legend.classes.length > 0 || legend.indicators.length > 0) && (
        <ChoroplethControls legend={legend} layerName={d.name} onViewChange={onViewChange && ((change) => onViewChange(d.id, change))} />
      )}
      {checked && kind !== 'observations' && <OpacitySlider layerId={DATASET_PREFIX + d.id} layerName={d.name} value={opacity} />}
    </li>
  );
}
