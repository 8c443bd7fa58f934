import { useMemo } from 'react';
import type { Layer } from '@deck.gl/core';
import { createCountriesLayer } from '../../map/layers/countries';
import { createBorderlandLayer } from '../../map/layers/borderland';
import { createAirportsLayer } from '../../map/layers/airports';
import { createPlacesLayer } from '../../map/layers/places';
import type { LayerId } from '../../lib/url-view';
import { useAirports, useBorders, useCountries, usePlaces } from './api/layer-queries';

export interface LayerSettings {
  visible: Record<LayerId, boolean>;
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
export function useDataLayers({ visible, borderKm, selectedCode }: LayerSettings) {
  const countries = useCountries();
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

  // drawn bottom to top
  const layers = useMemo(
    () => [countriesLayer, borderlandLayer, placesLayer, airportsLayer].filter(Boolean) as Layer[],
    [countriesLayer, borderlandLayer, placesLayer, airportsLayer],
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
    data: { countries: countries.data, airports: airports.data, places: places.data },
  };
}

function statusOf(
  q: { isPending: boolean; error: { message: string } | null; fetchStatus: string },
  visible: boolean,
): LayerStatus {
  return { loading: visible && q.isPending && q.fetchStatus === 'fetching', error: visible ? q.error : null };
}
