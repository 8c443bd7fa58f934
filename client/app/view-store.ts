import { createStore, type Store } from '../lib/store';
import { parseViewParams, type Camera, type ChoroplethView, type Language, type LayerId, type UrlProblem } from '../lib/url-view';
import { pickLanguage } from '../lib/i18n';

/**
 * What the user chose to see. The camera is not here: it changes on every frame of a pan and
 * lives in MapLibre; the URL writer reads it from there.
 */
export interface ViewSettings {
  layers: Record<LayerId, boolean>;
  /** Ids of the user datasets shown on the map. */
  datasets: string[];
  /** How each indicator layer is drawn (indicator, period, comparison), by dataset id. */
  choropleths: Record<string, ChoroplethView>;
  borderKm: number;
  /** The open area profile's code in `areaSet` (a country's alpha-3), or null. */
  areaCode: string | null;
  /** The boundary set of the open area. */
  areaSet: string;
  lang: Language;
  /** Problems found in the link, until the user dismisses them. */
  notices: { id: number; problem: UrlProblem }[];
}

export type ViewStore = Store<ViewSettings>;

/** The view the page opens with, read from its URL. */
export function createInitialView(search: string): { store: ViewStore; camera: Camera } {
  const { view, problems } = parseViewParams(search);
  const store = createStore<ViewSettings>({
    layers: view.layers,
    datasets: view.datasets,
    choropleths: view.choropleths,
    borderKm: view.borderKm,
    areaCode: view.areaCode,
    areaSet: view.areaSet,
    lang: pickLanguage(view.lang),
    notices: problems.map((problem, id) => ({ id, problem })),
  });
  return { store, camera: view.camera };
}
