import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Layer } from '@deck.gl/core';
import { createCountriesLayer } from '../../map/layers/countries';
import { createBorderlandLayer } from '../../map/layers/borderland';
import { createAirportsLayer } from '../../map/layers/airports';
import { createPlacesLayer } from '../../map/layers/places';
import type { ChoroplethView, LayerId } from '../../lib/url-view';
import { useStore } from '../../lib/store';
import { useDebouncedValue } from '../../lib/use-debounced-value';
import { useAirports, useBorderlandZone, useCountries, useLayerList, usePlaces } from './api/layer-queries';
import { useDatasetList } from './api/dataset-queries';
import { useTileLayerFactories, useTileSources } from './api/tile-queries';
import { chooseLayerSource } from './layer-source';
import { createTileRequestTracker, tiledStatus } from './tile-requests';
import { useUserLayers } from './use-user-layers';
import { useFactorLayer } from './use-factor-layer';
import { factorLabel } from './factor-label';
import { mapStyleStore } from './map-style-store';

export interface LayerSettings {
  visible: Record<LayerId, boolean>;
  /** Ids of the user datasets to show. */
  datasets: string[];
  /** How each indicator layer is drawn, by dataset id. */
  choropleths: Record<string, ChoroplethView>;
  borderKm: number;
  /** The open country (alpha-3), outlined on the map. */
  selectedCode: string | null;
}

export interface LayerStatus {
  loading: boolean;
  error: { message: string } | null;
  /** Drawn from tiles that group nearby points into one mark when zoomed out. */
  grouped?: boolean;
}

const PLACES_TILES = ['places'];
const NO_TILES: string[] = [];

/**
 * The deck.gl layers for the current settings, with the loading state of each. Each layer is
 * rebuilt only when its own data or settings change; data objects stay the same between renders.
 * A layer of more than 10,000 features is drawn from the server's vector tiles (layer-source.ts).
 */
export function useDataLayers({ visible, datasets, choropleths, borderKm, selectedCode }: LayerSettings) {
  const [tileRequests] = useState(createTileRequestTracker);
  const countries = useCountries();
  const datasetList = useDatasetList();
  const layerList = useLayerList();
  const user = useUserLayers({ visibleIds: datasets, datasets: datasetList.data, countries: countries.data, tileRequests, choropleths });
  // a new width is asked for once the slider rests; the previous zone shows meanwhile
  const restingBorderKm = useDebouncedValue(borderKm, 250);
  const zone = useBorderlandZone(restingBorderKm, visible.borderland);
  const airports = useAirports(visible.airports);
  // the places' count (135,000 by default) decides: nothing is fetched until the layer list says it
  const placesSource = chooseLayerSource(layerList.data?.find((l) => l.id === 'places')?.featureCount);
  const placesTiled = visible.places && placesSource === 'tiles';
  const places = usePlaces(visible.places && placesSource === 'whole');
  const placesTiles = useTileSources(placesTiled ? PLACES_TILES : NO_TILES)[0];
  const factories = useTileLayerFactories(placesTiled);
  const placesRequests = useStore(tileRequests.store, (s) => s.places);
  const { t, i18n } = useTranslation();
  const labelOf = useCallback((name: string) => factorLabel(t, name), [t]);
  const sourceOf = useCallback((computedAt: string) => t('layers.factors.source', { date: new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium' }).format(new Date(computedAt)) }), [t, i18n.language]);
  const factor = useFactorLayer({ countries: countries.data, factorLabel: labelOf, factorSource: sourceOf });
  const opacity = useStore(mapStyleStore, (s) => s.opacity);
  // over a choropleth the band is outlined, not filled
  const overChoropleth = user.legends.length > 0 || !!factor.layer;

  const countriesLayer = useMemo(
    () => countries.data && createCountriesLayer({ data: countries.data, visible: visible.countries, selectedCode }),
    [countries.data, visible.countries, selectedCode],
  );
  const borderlandLayer = useMemo(
    () => zone.data && createBorderlandLayer({ data: zone.data, visible: visible.borderland, outlined: overChoropleth }),
    [zone.data, visible.borderland, overChoropleth],
  );
  const placesTileSource = placesTiles?.data;
  const placesLayer = useMemo(() => {
    if (placesSource === 'tiles') {
      // a hidden tile layer would still fetch the tiles of each new view: drop it (the browser
      // keeps its tiles for an hour)
      if (!visible.places || !factories.data || !placesTileSource) return undefined;
      return factories.data.createPlaceTilesLayer({ source: placesTileSource, visible: true, requests: tileRequests.requestsOf('places') });
    }
    return places.data && createPlacesLayer({ data: places.data, visible: visible.places });
  }, [placesSource, factories.data, placesTileSource, places.data, visible.places, tileRequests]);
  const airportsLayer = useMemo(
    () => airports.data && createAirportsLayer({ data: airports.data, visible: visible.airports }),
    [airports.data, visible.airports],
  );

  // drawn bottom to top: the user's areas over the countries, the user's sites over everything
  // the factor's choropleth over the user's areas; a layer given an opacity in the panel is drawn with it
  const layers = useMemo(
    () =>
      ([countriesLayer, ...user.areaLayers, factor.layer, borderlandLayer, placesLayer, airportsLayer, ...user.siteLayers].filter(Boolean) as Layer[]).map(
        (layer) => (opacity[layer.id] !== undefined ? layer.clone({ opacity: opacity[layer.id] }) : layer),
      ),
    [countriesLayer, user.areaLayers, factor.layer, borderlandLayer, placesLayer, airportsLayer, user.siteLayers, opacity],
  );
  const pick = useMemo(() => {
    if (!factor.legend || !factor.id) return user.pick;
    return new Map(user.pick).set(factor.id, { kind: 'observations' as const, name: factor.legend.title });
  }, [user.pick, factor.legend, factor.id]);

  const status: Record<LayerId, LayerStatus> = {
    countries: statusOf(countries, visible.countries),
    borderland: statusOf(zone, visible.borderland),
    airports: statusOf(airports, visible.airports),
    places:
      placesSource === 'tiles'
        ? tiledStatus(visible.places, true, placesTiles, statusOf(factories, true), placesRequests)
        : placesSource === 'whole'
          ? statusOf(places, visible.places)
          : // loading (or failing) with the layer list, which says where the places come from
            statusOf(layerList, visible.places),
  };

  return {
    layers,
    status,
    /** Loading state of each visible user dataset, by dataset id. */
    datasetStatus: user.status,
    /** The catalogue, once loaded (for the link's dataset ids). */
    datasetList: datasetList.data,
    legends: user.legends,
    /** The layers compared either side of the swipe divider, or null. */
    swipe: user.swipe,
    /** The factor mapped as a choropleth: its legend and state. */
    factor: { legend: factor.legend, status: factor.status },
    data: { countries: countries.data, airports: airports.data, places: places.data, userLayers: pick },
  };
}

function statusOf(
  q: { isPending: boolean; error: { message: string } | null; fetchStatus: string },
  visible: boolean,
): LayerStatus {
  return { loading: visible && q.isPending && q.fetchStatus === 'fetching', error: visible ? q.error : null };
}
