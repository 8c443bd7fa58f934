import { useMemo } from 'react';
import type { Layer } from '@deck.gl/core';
import { createUserSitesLayer } from '../../map/layers/user-sites';
import { createUserBoundariesLayer, type BoundaryCollection } from '../../map/layers/user-boundaries';
import { createUserChoroplethLayer } from '../../map/layers/user-choropleth';
import type { CountryCollection } from '../../map/layers/countries';
import { fromHex, okabeIto, type Rgb } from '../../lib/colours';
import { DATASET_PREFIX } from '../../lib/url-view';
import { buildChoropleth, indicatorsOf, type Choropleth, type ChoroplethChoice, type IndicatorInfo } from './choropleth-data';
import { styleChoropleth, type ClassLegend } from './choropleth-style';
import { styleBivariate, type BivariateLegend } from './bivariate';
import { defaultChoroplethView, type ChoroplethView } from '../../lib/url-view';
import { mapStyleStore, styleOf } from './map-style-store';
import { useStore } from '../../lib/store';
import { useDatasetFeatures, type DatasetLayerData, type DatasetSummary, type LayerQuery, type ObservationLayerData } from './api/dataset-queries';
import { datasetTileLayer, useTileLayerFactories, useTileSources } from './api/tile-queries';
import { chooseLayerSource } from './layer-source';
import { tiledStatus, type TileRequestTracker } from './tile-requests';
import type { LayerStatus } from './use-data-layers';

export interface UserLayerSettings {
  /** The user datasets chosen in the layer panel (or the link), by id. */
  visibleIds: string[];
  /** The catalogue; undefined while it loads. */
  datasets: DatasetSummary[] | undefined;
  /** The default boundary set, for observations joined to countries. */
  countries: CountryCollection | undefined;
  /** Where tiled layers report their tile requests. */
  tileRequests: TileRequestTracker;
  /** How each indicator layer is drawn (indicator, period, comparison), by dataset id. */
  choropleths: Record<string, ChoroplethView>;
}

/** The two sides of a swipe comparison: layer ids drawn left and right of the divider, with their labels. */
export interface SwipeSides {
  left: string[];
  right: string[];
  leftLabel: string;
  rightLabel: string;
}

/**
 * What the tooltip needs about a user layer: its name, and the sites' columns when downloaded
 * whole (a site from tiles carries its name and category).
 */
export type UserPickData =
  | { kind: 'sites'; name: string; names?: string[]; categories?: string[] }
  | { kind: 'boundaries' | 'observations'; name: string; /** The boundary set its areas belong to (a click opens their profile). */ boundarySetId?: string };

export interface ChoroplethLegend extends ClassLegend {
  datasetId: string;
  /** The dataset's indicators, the one mapped among them. */
  indicators: IndicatorInfo[];
  /** The indicator mapped. */
  indicator: string;
  /** The view asked for (the link's or the panel's). */
  view: ChoroplethView;
  /** Set when a second indicator is mapped with the first. */
  bivariate?: BivariateLegend;
  /** The compared period's legend (right of the divider), same breaks. */
  compared?: ClassLegend;
}

/** The layer id of the compared period's choropleth, right of the swipe divider. */
export const compareLayerId = (id: string) => `${id}:compare`;

/** The styles a dataset has until the user restyles it in the catalogue. */
export const DEFAULT_STYLE: Record<'sites' | 'boundaries' | 'observations', { colour: Rgb; opacity: number; radiusPx: number }> = {
  sites: { colour: okabeIto.bluishGreen, opacity: 0.9, radiusPx: 5 },
  boundaries: { colour: okabeIto.blue, opacity: 1, radiusPx: 5 },
  observations: { colour: okabeIto.blue, opacity: 0.8, radiusPx: 5 },
};

/** Datasets that may appear as layers: the user's own, not hidden in the catalogue. */
export function userDatasets(list: DatasetSummary[] | undefined): DatasetSummary[] {
  return (list ?? []).filter((d) => !d.builtIn && !d.hidden && (d.kind === 'sites' || d.kind === 'boundaries' || d.kind === 'observations'));
}

/** Sites and boundaries of more than 10,000 features come from tiles; observations never do. */
function isTiled(d: DatasetSummary): boolean {
  return (d.kind === 'sites' || d.kind === 'boundaries') && chooseLayerSource(d.featureCount) === 'tiles';
}

// one choropleth per (observations, boundaries, choice) of data objects, so its collection stays
// the same object between renders (and when a period comes back) and deck.gl does not
// re-tessellate it; a restyle only recolours
const choropleths = new WeakMap<ObservationLayerData, WeakMap<object, Map<string, Choropleth>>>();

function choroplethOf(observations: ObservationLayerData, areas: BoundaryCollection | CountryCollection, choice: ChoroplethChoice): Choropleth {
  let byAreas = choropleths.get(observations);
  if (!byAreas) choropleths.set(observations, (byAreas = new WeakMap()));
  let byChoice = byAreas.get(areas);
  if (!byChoice) byAreas.set(areas, (byChoice = new Map()));
  const key = JSON.stringify([choice.indicator ?? null, choice.period ?? null, choice.second ?? null]);
  let c = byChoice.get(key);
  if (!c) byChoice.set(key, (c = buildChoropleth(observations.rows, areas.features as BoundaryCollection['features'], choice)));
  return c;
}

const indicatorLists = new WeakMap<ObservationLayerData, IndicatorInfo[]>();

function indicatorListOf(observations: ObservationLayerData): IndicatorInfo[] {
  let list = indicatorLists.get(observations);
  if (!list) indicatorLists.set(observations, (list = indicatorsOf(observations.rows, observations.indicators)));
  return list;
}

/**
 * deck.gl layers for the user's visible datasets: areas (choropleths, outlines) to draw under the
 * default point layers, sites above them; with the loading state of each and what the tooltip
 * and the legend need.
 */
export function useUserLayers({ visibleIds, datasets, countries, tileRequests, choropleths: views }: UserLayerSettings) {
  const byId = useMemo(() => new Map(userDatasets(datasets).map((d) => [d.id, d])), [datasets]);
  const shownIds = useMemo(() => visibleIds.filter((id) => byId.has(id)), [visibleIds, byId]);
  const wholeIds = useMemo(() => shownIds.filter((id) => !isTiled(byId.get(id)!)), [shownIds, byId]);
  const tiledIds = useMemo(() => shownIds.filter((id) => isTiled(byId.get(id)!)), [shownIds, byId]);
  const tileNames = useMemo(() => tiledIds.map(datasetTileLayer), [tiledIds]);
  const shown = useDatasetFeatures(wholeIds);
  const tileSources = useTileSources(tileNames);
  const factories = useTileLayerFactories(tiledIds.length > 0);
  const requestStatus = useStore(tileRequests.store, (s) => s);
  const styles = useStore(mapStyleStore, (s) => s.styles);

  // observations are drawn on their boundary set, fetched even when its own layer is off
  const setIds = [
    ...new Set(
      shown
        .map((q) => (q.data?.kind === 'observations' ? q.data.boundarySetId : null))
        .filter((id): id is string => !!id && datasets?.some((d) => d.id === id && d.kind === 'boundaries') === true),
    ),
  ];
  const sets = useDatasetFeatures(setIds);
  const setKey = setIds.join(',');

  const built = useMemo(() => {
    const setData = new Map<string, LayerQuery<DatasetLayerData>>(setKey ? setKey.split(',').map((id, i) => [id, sets[i]]) : []);
    const washLayers: Layer[] = [];
    const areaLayers: Layer[] = [];
    const outlineLayers: Layer[] = [];
    const siteLayers: Layer[] = [];
    const pick = new Map<string, UserPickData>();
    const legends: ChoroplethLegend[] = [];
    const status: Record<string, LayerStatus> = {};
    let swipe: SwipeSides | null = null;

    shownIds.forEach((datasetId) => {
      const meta = byId.get(datasetId)!;
      const id = DATASET_PREFIX + datasetId;
      const kind = meta.kind as keyof typeof DEFAULT_STYLE;
      const defaults = DEFAULT_STYLE[kind];
      const colour = fromHex(meta.style?.colour, defaults.colour);
      const opacity = meta.style?.opacity ?? defaults.opacity;
      const radiusPx = meta.style?.radiusPx ?? defaults.radiusPx;

      const t = tiledIds.indexOf(datasetId);
      if (t >= 0) {
        const source = tileSources[t];
        const create = factories.data;
        const requests = tileRequests.requestsOf(tileNames[t]);
        if (source.data && create && kind === 'sites') {
          siteLayers.push(create.createSiteTilesLayer({ id, source: source.data, visible: true, colour, opacity, radiusPx, requests }));
        } else if (source.data && create) {
          const options = { id, source: source.data, visible: true, colour, opacity, requests };
          washLayers.push(create.createBoundaryTilesLayer({ ...options, part: 'fill' }));
          outlineLayers.push(create.createBoundaryTilesLayer({ ...options, part: 'outline' }));
        }
        pick.set(id, kind === 'sites' ? { kind: 'sites', name: meta.name } : { kind: 'boundaries', name: meta.name, boundarySetId: datasetId });
        status[datasetId] = { loading: source.loading, error: source.error, grouped: kind === 'sites' };
        return;
      }

      const query = shown[wholeIds.indexOf(datasetId)];
      const data = query.data;
      let loading = query.loading;
      let error = query.error;

      if (data?.kind === 'sites') {
        siteLayers.push(createUserSitesLayer({ id, data, visible: true, colour, opacity, radiusPx }));
        pick.set(id, { kind: 'sites', name: meta.name, names: data.names, categories: data.categories });
      } else if (data?.kind === 'boundaries') {
        const options = { id, data: data.collection, visible: true, colour, opacity };
        washLayers.push(createUserBoundariesLayer({ ...options, part: 'fill' }));
        outlineLayers.push(createUserBoundariesLayer({ ...options, part: 'outline' }));
        pick.set(id, { kind: 'boundaries', name: meta.name, boundarySetId: datasetId });
      } else if (data?.kind === 'observations' && data.boundarySetId) {
        const set = setData.get(data.boundarySetId);
        const areas = set ? (set.data?.kind === 'boundaries' ? set.data.collection : undefined) : countries;
        loading ||= !!set?.loading;
        error ??= set?.error ?? null;
        if (areas) {
          const view = views[datasetId] ?? defaultChoroplethView;
          const indicators = indicatorListOf(data);
          const choropleth = choroplethOf(data, areas, { indicator: view.indicator, period: view.period, second: view.second });
          const unitOf = (name: string | null) => indicators.find((i) => i.name === name)?.unit ?? '';
          // the panel's choice, else the catalogue's opacity
          const style = styles[id] ?? { ...styleOf(styles, id), opacity: meta.style?.opacity ?? defaults.opacity };
          const legendMeta = { id, title: choropleth.indicator || meta.name, unit: unitOf(choropleth.indicator), source: meta.source };
          const periods = indicators.find((i) => i.name === choropleth.indicator)?.periods ?? [];
          const compare = !view.second && view.compare && view.compare !== choropleth.period && periods.includes(view.compare) ? view.compare : null;
          // compared periods share their breaks, so that a colour means one value on both sides
          const fixBreaks = view.fixBreaks || !!compare;
          const common = { datasetId, indicators, indicator: choropleth.indicator, view };
          if (view.second && choropleth.collection.features[0]?.properties.secondIndicator) {
            const styled = styleBivariate(choropleth, { unit: legendMeta.unit, secondUnit: unitOf(view.second), source: meta.source });
            areaLayers.push(createUserChoroplethLayer({ id, data: choropleth.collection, visible: true, classOf: styled.classOf, colours: styled.colours, classKey: styled.classKey, opacity: style.opacity }));
            const plain = styleChoropleth(choropleth, style, legendMeta, { fixBreaks });
            legends.push({ ...plain.legend, ...common, bivariate: styled.legend });
          } else {
            const styled = styleChoropleth(choropleth, style, legendMeta, { fixBreaks });
            const layer = { visible: true, colours: styled.colours, opacity: style.opacity, clipped: !!compare };
            areaLayers.push(createUserChoroplethLayer({ ...layer, id, data: choropleth.collection, classOf: (p) => styled.classOf(p.value), classKey: styled.classKey }));
            let compared: ClassLegend | undefined;
            if (compare) {
              const right = choroplethOf(data, areas, { indicator: choropleth.indicator, period: compare });
              const other = styleChoropleth(right, style, { ...legendMeta, id: compareLayerId(id) }, { fixBreaks: true });
              areaLayers.push(createUserChoroplethLayer({ ...layer, id: compareLayerId(id), data: right.collection, classOf: (p) => other.classOf(p.value), classKey: other.classKey }));
              pick.set(compareLayerId(id), { kind: 'observations', name: meta.name, boundarySetId: data.boundarySetId });
              compared = other.legend;
              swipe = { left: [id], right: [compareLayerId(id)], leftLabel: styled.legend.periods.join(', '), rightLabel: compare };
            }
            legends.push({ ...styled.legend, ...common, compared });
          }
          pick.set(id, { kind: 'observations', name: meta.name, boundarySetId: data.boundarySetId });
        }
      }
      status[datasetId] = { loading, error };
    });

    // bottom to top: boundary washes, choropleths (their values win the tooltip), outlines
    return { areaLayers: [...washLayers, ...areaLayers, ...outlineLayers], siteLayers, pick, legends, status, swipe };
    // `sets`, `shown` and `tileSources` are stable arrays until a result changes (see dataset-queries.ts)
  }, [shownIds, wholeIds, tiledIds, tileNames, shown, tileSources, factories.data, tileRequests, sets, setKey, byId, countries, styles, views]);

  // a tiled layer's state follows its tile requests too, without rebuilding the layers
  const factoriesStatus: LayerStatus = { loading: factories.isPending && factories.fetchStatus === 'fetching', error: factories.error };
  const status = { ...built.status };
  tiledIds.forEach((datasetId, t) => {
    status[datasetId] = tiledStatus(true, built.status[datasetId].grouped ?? false, built.status[datasetId], factoriesStatus, requestStatus[tileNames[t]]);
  });
  return { ...built, status };
}
