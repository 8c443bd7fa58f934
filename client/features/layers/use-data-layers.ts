import { useMemo } from 'react';
import type { Layer } from '@deck.gl/core';
import { createCountriesLayer } from '../../map/layers/countries';
import { createBorderlandLayer } from '../../map/layers/borderland';
import { createAirportsLayer } from '../../map/layers/airports';
import { createPlacesLayer } from '../../map/layers/places';
import type { LayerId } from '../../lib/url-view';
import { useAirports, useBorders, useCountries, usePlaces } from './api/layer-queries';
import { useDatasetList } from './api/dataset-queries';
import { useUserLayers } from './use-user-layers';

export interface LayerSettings {
  visible: Record<LayerId, boolean>;
  /** Ids of the user datasets to show. */
  datasets: string[];
  borderKm: number;
  /** The open country (alpha-3), outlined on the map. */
  selectedCode: string | null;
}

export interface LayerStatus {
  loading: boolean;
  error: { message: string } | null;
}

/**
 * The deck.gl layers for the current settings, with the loading state of each. Each layer is
 * rebuilt only when its own data or settings change; data objects stay the same between renders.
 */
export function useDataLayers({ visible, datasets, borderKm, selectedCode }: LayerSettings) {
  const countries = useCountries();
  const datasetList = useDatasetList();
  const user = useUserLayers({ visibleIds: datasets, datasets: datasetList.data, countries: countries.data });
  const borders = useBorders(visible.borderland);
  const airports = useAirports(visible.airports);
  const places = usePlaces(visible.places);

  const countriesLayer = useMemo(
    () => countries.data && createCountriesLayer({ data: countries.data, visible: visible.countries, selectedCode }),
    [countries.data, visible.countries, selectedCode],
  );
  const borderlandLayer = useMemo(
    () => borders.data && createBorderlandLayer({ data: borders.data, visible: visible.borderland, widthKm: borderKm }),
    [borders.data, visible.borderland, borderKm],
  );
  const placesLayer = useMemo(
    () => places.data && createPlacesLayer({ data: places.data, visible: visible.places }),
    [places.data, visible.places],
  );
  const airportsLayer = useMemo(
    () => airports.data && createAirportsLayer({ data: airports.data, visible: visible.airports }),
    [airports.data, visible.airports],
  );

  // drawn bottom to top: the user's areas over the countries, the user's sites over everything
  const layers = useMemo(
    () =>
      [countriesLayer, ...user.areaLayers, borderlandLayer, placesLayer, airportsLayer, ...user.siteLayers].filter(Boolean) as Layer[],
    [countriesLayer, user.areaLayers, borderlandLayer, placesLayer, airportsLayer, user.siteLayers],
  );

  const status: Record<LayerId, LayerStatus> = {
    countries: statusOf(countries, visible.countries),
    borderland: statusOf(borders, visible.borderland),
    airports: statusOf(airports, visible.airports),
    places: statusOf(places, visible.places),
  };

  return {
    layers,
    status,
    /** Loading state of each visible user dataset, by dataset id. */
    datasetStatus: user.status,
    /** The catalogue, once loaded (for the link's dataset ids). */
    datasetList: datasetList.data,
    legends: user.legends,
    data: { countries: countries.data, airports: airports.data, places: places.data, userLayers: user.pick },
  };
}

function statusOf(
  q: { isPending: boolean; error: { message: string } | null; fetchStatus: string },
  visible: boolean,
): LayerStatus {
  return { loading: visible && q.isPending && q.fetchStatus === 'fetching', error: visible ? q.error : null };
}
