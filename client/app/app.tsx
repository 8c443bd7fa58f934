import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Layer, PickingInfo } from '@deck.gl/core';
import { MapView } from '../map/map-view';
import { DeckOverlay } from '../map/deck-overlay';
import { NavigationControl } from '../map/navigation-control';
import { AttributionControl } from '../map/attribution-control';
import { COUNTRIES_LAYER_ID } from '../map/layers/countries';
import { INTERVENTIONS_LAYER_ID } from '../map/layers/interventions';
import { CameraTargetControl, type CameraTarget } from '../map/camera-target';
import { COUNTRIES_SET_ID } from '../../data/sources';
import type { MapUiStrings } from '../map/set-map-locale';
import { LayerPanel } from '../features/layers/layer-panel';
import { useDataLayers } from '../features/layers/use-data-layers';
import type { SwipeSides } from '../features/layers/use-user-layers';
import { factorLayerId, mapStyleStore, setSwipe } from '../features/layers/map-style-store';
import { moveLayer } from '../features/layers/layer-order';
import { SwipeDivider, useSwipeLayers } from '../map/swipe';
import { describePick, type PickDescription } from '../features/layers/describe-pick';
import { CountryPicker } from '../features/area-profile/country-picker';
import type { AreaTarget } from '../features/area-profile/area-ref';
import { SearchBox } from '../features/search/search-box';
import type { NameSearchResult } from '../features/search/api/use-name-search';
import { areaLayerSets, areaOfPick } from './pick-area';
import { useMetaInfo } from '../features/meta/api/use-meta-info';
import { mapLegends } from '../features/layers/legend-content';
import { useLayerList } from '../features/layers/api/layer-queries';
import { ErrorBoundary } from '../ui/error-boundary';
import { PanelError } from '../ui/panel-error';
import { Panel } from '../ui/panel';
import { Loading } from '../ui/loading';
import { Notices } from '../ui/notices';
import { MapTooltip } from '../ui/map-tooltip';
import { LanguageSelect } from '../ui/language-select';
import { QuickExitButton } from '../ui/quick-exit-button';
import { useCountryName } from '../lib/country-names';
import { initI18n, loadPanelStrings, loadProfileStrings, setLanguage } from '../lib/i18n';
import { createStore, useStore, type Store } from '../lib/store';
import { defaultChoroplethView, formatViewParams, LANGUAGES, parseViewParams, type Camera, type ChoroplethView, type Language, type LayerId } from '../lib/url-view';
import type { ViewSettings } from './view-store';
import { createInitialView } from './view-store';
import { useUrlSync } from './use-url-sync';
import { useEscapeKeys } from './use-escape-keys';
import { quickExit } from './quick-exit';
import { AccountMenu } from '../features/account/account-menu';
import { useTopBarOffset } from './use-top-bar-offset';
import { useAccount } from '../features/account/account-context';
import { ChangePasswordForm } from '../features/account/change-password-page';
import { Dialog as DialogFrame } from '../ui/dialog';
import { AreaSuggestions, InterventionsRoot } from '../features/interventions/interventions-root';
import { InterventionsMapHost } from '../features/interventions/interventions-map-host';
import { useInterventionsLayer } from '../features/interventions/use-interventions-layer';
import { interventionsUi, openInterventionDetail, openInterventions } from '../features/interventions/interventions-ui-store';
import { PlansRoot } from '../features/plans/plans-root';
import { openPlans } from '../features/plans/plans-ui-store';
import type { PriorityOverlay } from '../features/prioritise/prioritise-panel';
import './app.css';

// the profile panel (with its country names and strings) loads on the first click on an area
const AreaProfilePanel = lazy(() =>
  Promise.all([import('../features/area-profile/area-profile-panel'), loadProfileStrings()]).then(([m]) => ({ default: m.AreaProfilePanel })),
);

// the import wizard and the catalogue load, with their strings, when first opened
const ImportWizard = lazy(() =>
  Promise.all([import('../features/imports/import-wizard'), loadPanelStrings()]).then(([m]) => ({ default: m.ImportWizard })),
);
const CatalogueDialog = lazy(() =>
  Promise.all([import('../features/catalogue/catalogue-dialog'), loadPanelStrings()]).then(([m]) => ({ default: m.CatalogueDialog })),
);

// the prioritisation screen, with its strings, when first opened; it draws its class map through `priorityOverlay`
const PrioritisePanel = lazy(() =>
  Promise.all([import('../features/prioritise/prioritise-panel'), loadPanelStrings()]).then(([m]) => ({ default: m.PrioritisePanel })),
);
// the PNG export, when first opened
const ExportDialog = lazy(() => import('../features/export/export-dialog').then((m) => ({ default: m.ExportDialog })));

const NO_PRIORITY_OVERLAY: PriorityOverlay = { layers: [], clickLayerIds: [], onClick: null, describe: null };

type Hover = (PickDescription & { x: number; y: number }) | null;
type Dialog = 'import' | 'catalogue' | 'admin' | 'password' | 'views' | null;

const SavedViewsDialog = lazy(() => import('../features/saved-views/saved-views-dialog').then((m) => ({ default: m.SavedViewsDialog })));

const AdminDialog = lazy(() =>
  Promise.all([import('../features/admin/admin-dialog'), loadPanelStrings()]).then(([m]) => ({ default: m.AdminDialog })),
);

// Only areas and interventions open a panel: a click on a place or a site opens the top-most
// visible area under it, of whatever boundary set (zoomed out, the places' grouped marks cover
// much of the land); an intervention's target is picked before the area under it.
const CLICK_LAYER_IDS = [INTERVENTIONS_LAYER_ID, COUNTRIES_LAYER_ID];

function createAppState() {
  const { store, camera } = createInitialView(location.search);
  initI18n(store.get().lang);
  return { store, camera, hover: createStore<Hover>(null), priorityOverlay: createStore<PriorityOverlay>(NO_PRIORITY_OVERLAY) };
}

/** The shell: the map, the panels around it, and the view state they share. */
export function App() {
  const [{ store, camera, hover, priorityOverlay }] = useState(createAppState);
  const [prioritising, setPrioritising] = useState(false);
  const [exporting, setExporting] = useState(false);
  const { t, i18n } = useTranslation();
  const settings = useStore(store, (s) => s);
  const { lang, areaCode, areaSet } = settings;
  const [cameraTarget, setCameraTarget] = useState<CameraTarget | null>(null);

  const cameraRef = useRef<Camera>(camera);
  const onCameraChange = useUrlSync(store, cameraRef);
  const closeProfile = useCallback(() => store.set((s) => ({ ...s, areaCode: null })), [store]);
  const [dialog, setDialog] = useState<Dialog>(null);
  const account = useAccount();
  const dialogRef = useRef<Dialog>(null);
  const appRef = useRef<HTMLDivElement>(null);
  const topBarRef = useRef<HTMLDivElement>(null);
  useTopBarOffset(appRef, topBarRef);
  dialogRef.current = dialog;
  useEscapeKeys(() => {
    // an open dialog closes itself on Escape (its cancel event)
    if (dialogRef.current || exporting) return;
    if (store.get().areaCode) closeProfile();
  });

  const { layers, status, data, datasetStatus, datasetList, legends, factor, swipe } = useDataLayers({
    visible: settings.layers,
    datasets: settings.datasets,
    choropleths: settings.choropleths,
    borderKm: settings.borderKm,
    selectedCode: areaSet === COUNTRIES_SET_ID ? areaCode : null,
  });
  useUnknownDatasetNotice(store, datasetList);
  // the interventions' targets over the other layers, once shown from their dialog
  const interventionsLayer = useInterventionsLayer();
  const mapLayers = useMemo(() => (interventionsLayer ? [...layers, interventionsLayer] : layers), [layers, interventionsLayer]);
  const canWrite = account.me.role === 'editor' || account.me.role === 'admin';
  const meta = useMetaInfo();
  const layerList = useLayerList();
  // what the exported picture's legends say: the layer panel's legends of the visible layers
  const exportLegends = useMemo(
    () =>
      exporting
        ? mapLegends({ visible: settings.layers, borderKm: settings.borderKm, datasetVisible: settings.datasets, datasets: datasetList, layerInfo: layerList.data, legends, factor: factor.legend, t, lang })
        : [],
    // the legends of the moment the dialog opens
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [exporting],
  );
  const countryName = useCountryName(lang);
  const factorChoice = useStore(mapStyleStore, (s) => s.factor);
  // which boundary set each area layer draws, for a click to open the area under it
  const layerSets = useMemo(
    () => areaLayerSets(data.userLayers, { layerId: factorChoice && factorLayerId(factorChoice), boundarySetId: factorChoice?.boundarySetId ?? null }),
    [data.userLayers, factorChoice],
  );
  const clickLayerIds = useMemo(() => [INTERVENTIONS_LAYER_ID, ...layerSets.keys()], [layerSets]);
  const layerSetsRef = useRef(layerSets);
  layerSetsRef.current = layerSets;

  // picking callbacks stay the same functions; what they read is kept current in a ref
  const pickContext = useRef({ data, t, lang, countryName });
  pickContext.current = { data, t, lang, countryName };
  const onHover = useCallback(
    (info: PickingInfo) => {
      const ctx = pickContext.current;
      const description = info.picked
        ? describePick(info, { ...ctx.data, t: ctx.t, lang: ctx.lang, countryName: ctx.countryName })
        : null;
      hover.set(description ? { ...description, x: info.x, y: info.y } : null);
    },
    [hover],
  );
  const onClick = useCallback(
    (info: PickingInfo) => {
      // an intervention drawn on the map opens its details: what it is, its history and reach
      if (info.layer?.id === INTERVENTIONS_LAYER_ID && info.object) {
        // not while its dialog is open: a zone being drawn takes the clicks
        if (!interventionsUi.get().open) openInterventionDetail((info.object as { properties: { id: string } }).properties.id);
        return;
      }
      const area = areaOfPick(info, layerSetsRef.current);
      if (area) store.set((s) => ({ ...s, areaCode: area.code, areaSet: area.setId }));
    },
    [store],
  );

  const uiStrings = useMemo<MapUiStrings>(
    () => ({
      title: t('app.mapLabel'),
      zoomIn: t('maplibre.zoomIn'),
      zoomOut: t('maplibre.zoomOut'),
      resetBearing: t('maplibre.resetBearing'),
      toggleAttribution: t('maplibre.toggleAttribution'),
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [t, i18n.language],
  );

  const countryList = useMemo(
    () => data.countries?.features.map((f) => ({ code: f.properties.code, name: f.properties.name })) ?? [],
    [data.countries],
  );

  const setLayer = useCallback(
    (id: LayerId, visible: boolean) => store.set((s) => ({ ...s, layers: { ...s.layers, [id]: visible } })),
    [store],
  );
  const setDataset = useCallback(
    (id: string, visible: boolean) =>
      store.set((s) => ({
        ...s,
        datasets: visible ? (s.datasets.includes(id) ? s.datasets : [...s.datasets, id]) : s.datasets.filter((d) => d !== id),
      })),
    [store],
  );
  const setChoroplethView = useCallback(
    (id: string, change: Partial<ChoroplethView>) =>
      store.set((s) => ({ ...s, choropleths: { ...s.choropleths, [id]: { ...(s.choropleths[id] ?? defaultChoroplethView), ...change } } })),
    [store],
  );
  const moveDataset = useCallback((id: string, target: string) => store.set((s) => ({ ...s, datasets: [...moveLayer(s.datasets, id, target)] })), [store]);
  const closeDialog = useCallback(() => setDialog(null), []);
  const showPublished = useCallback((id: string) => setDataset(id, true), [setDataset]);
  const forgetDeleted = useCallback((id: string) => setDataset(id, false), [setDataset]);
  const setBorderKm = useCallback((km: number) => store.set((s) => ({ ...s, borderKm: km })), [store]);
  const openArea = useCallback((code: string) => store.set((s) => ({ ...s, areaCode: code, areaSet: COUNTRIES_SET_ID })), [store]);
  // a breadcrumb, an area inside the open one, a search result: fly there and open it, showing
  // the user's boundary set it belongs to
  const datasetListRef = useRef(datasetList);
  datasetListRef.current = datasetList;
  const goToArea = useCallback(
    (target: AreaTarget) => {
      const isDataset = datasetListRef.current?.some((d) => d.id === target.setId && d.kind === 'boundaries' && !d.builtIn);
      store.set((s) => ({
        ...s,
        areaCode: target.code,
        areaSet: target.setId,
        datasets: isDataset && !s.datasets.includes(target.setId) ? [...s.datasets, target.setId] : s.datasets,
      }));
      if (target.bbox) setCameraTarget((c) => ({ bbox: target.bbox!, seq: (c?.seq ?? 0) + 1 }));
    },
    [store],
  );
  const goToResult = useCallback(
    (r: NameSearchResult) => {
      if (r.kind === 'area') return goToArea({ setId: r.boundarySetId, code: r.code, bbox: r.bbox });
      setCameraTarget((c) => ({ lng: r.lng, lat: r.lat, zoom: r.kind === 'place' ? 9 : 12, seq: (c?.seq ?? 0) + 1 }));
      // a place or a site opens the country that holds it
      if (r.areaCode) store.set((s) => ({ ...s, areaCode: r.areaCode, areaSet: COUNTRIES_SET_ID }));
    },
    [goToArea, store],
  );
  const searchAreaName = useCallback(
    (r: { boundarySetId: string; code: string; name: string }) => (r.boundarySetId === COUNTRIES_SET_ID ? countryName(r.code, r.name) : r.name),
    [countryName],
  );
  // a saved view: the current one as its link (without the language: each reader keeps their own),
  // and opening one, checked again as a link is, its unknown datasets dropped and reported
  const currentViewQuery = useCallback(() => {
    const { layers, datasets, choropleths, borderKm, areaCode, areaSet } = store.get();
    return formatViewParams({ camera: cameraRef.current, layers, datasets, choropleths, borderKm, areaCode, areaSet, lang: null });
  }, [store]);
  const openSavedView = useCallback(
    (query: string) => {
      const { view, problems } = parseViewParams(query);
      const known = datasetListRef.current && new Set(datasetListRef.current.filter((d) => !d.builtIn).map((d) => d.id));
      const unknown = known ? view.datasets.filter((id) => !known.has(id)) : [];
      store.set((s) => {
        const next = Math.max(-1, ...s.notices.map((n) => n.id)) + 1;
        const found = [...problems, ...unknown.map((value) => ({ key: 'unknownDataset' as const, value }))];
        return {
          ...s,
          layers: view.layers,
          datasets: view.datasets.filter((id) => !unknown.includes(id)),
          choropleths: view.choropleths,
          borderKm: view.borderKm,
          areaCode: view.areaCode,
          areaSet: view.areaSet,
          notices: [...s.notices, ...found.map((problem, i) => ({ id: next + i, problem }))],
        };
      });
      setCameraTarget((c) => ({ ...view.camera, seq: (c?.seq ?? 0) + 1 }));
      setDialog(null);
    },
    [store],
  );
  const changeLanguage = useCallback(
    (next: Language) => {
      void setLanguage(next);
      store.set((s) => ({ ...s, lang: next }));
    },
    [store],
  );

  const panelFallback = (panel: string, side: 'left' | 'right' | 'center') => (error: Error, reset: () => void) => (
    <PanelError
      side={side}
      message={t('error.panelFailed', { panel: t(`error.panels.${panel}`), message: error.message })}
      retryLabel={t('error.retry')}
      onRetry={reset}
    />
  );

  return (
    <div className="app" ref={appRef}>
      {/* first in the keyboard order, shown at the right end of the bar */}
      <div className="top-bar" ref={topBarRef}>
        <QuickExitButton label={t('quickExit.label')} title={t('quickExit.title')} onExit={quickExit} />
        <ErrorBoundary fallback={panelFallback('picker', 'right')}>
          <CountryPicker countries={countryList} value={areaSet === COUNTRIES_SET_ID ? areaCode : null} onChange={openArea} />
        </ErrorBoundary>
        <LanguageSelect
          label={t('language.label')}
          value={lang}
          options={LANGUAGES.map((l) => ({ value: l, label: t(`language.${l}`) }))}
          onChange={changeLanguage}
        />
        <button type="button" className="top-bar__button" aria-pressed={prioritising} title={t('app.prioritiseTitle')} onClick={() => setPrioritising((p) => !p)}>
          {t('app.prioritise')}
        </button>
        <button type="button" className="top-bar__button" aria-haspopup="dialog" title={t('export.buttonTitle')} onClick={() => setExporting(true)}>
          {t('export.button')}
        </button>
        <button type="button" className="top-bar__button" aria-haspopup="dialog" title={t('views.buttonTitle')} onClick={() => setDialog('views')}>
          {t('views.button')}
        </button>
        <AccountMenu onAdmin={() => setDialog('admin')} onPassword={() => setDialog('password')} />
      </div>

      <div className="left-column">
        <h1 className="app-title">{t('app.title')}</h1>
        <ErrorBoundary fallback={panelFallback('search', 'left')}>
          <SearchBox onSelect={goToResult} areaName={searchAreaName} />
        </ErrorBoundary>
        <ErrorBoundary fallback={panelFallback('layers', 'left')}>
          <LayerPanel
            visible={settings.layers}
            borderKm={settings.borderKm}
            status={status}
            onToggle={setLayer}
            onBorderKmChange={setBorderKm}
            datasetVisible={settings.datasets}
            datasetStatus={datasetStatus}
            legends={legends}
            factor={factor}
            onToggleDataset={setDataset}
            onChoroplethView={setChoroplethView}
            onMoveDataset={moveDataset}
            onImport={() => setDialog('import')}
            onCatalogue={() => setDialog('catalogue')}
            onInterventions={() => openInterventions()}
            onPlans={openPlans}
          />
        </ErrorBoundary>
      </div>

      <ErrorBoundary fallback={panelFallback('map', 'center')}>
        <MapView
          styleUrl="/basemap/style.json"
          initialCamera={camera}
          uiStrings={uiStrings}
          loadingLabel={t('app.loadingMap')}
          onCameraChange={onCameraChange}
        >
          <OverlayWithPriorities layers={mapLayers} swipe={swipe} priorities={priorityOverlay} hover={hover} onHover={onHover} onClick={onClick} clickLayerIds={clickLayerIds} />
          <CameraTargetControl target={cameraTarget} />
          <NavigationControl position="bottom-left" lang={lang} />
          <InterventionsMapHost />
          {meta.data && <AttributionControl entries={meta.data.attribution} lang={lang} />}
          {exporting && (
            <Suspense fallback={<div className="dialog-loading"><Loading label={t('app.loadingPanel')} /></div>}>
              <ExportDialog legends={exportLegends} attribution={meta.data?.attribution ?? []} onClose={() => setExporting(false)} />
            </Suspense>
          )}
        </MapView>
        <HoverTooltip store={hover} />
      </ErrorBoundary>

      {areaCode && (
        <ErrorBoundary key={`${areaSet}:${areaCode}`} fallback={panelFallback('profile', 'right')}>
          <Suspense
            fallback={
              <Panel side="right" title={t('profile.heading')} className="profile-panel">
                <Loading label={t('profile.loading')} />
              </Panel>
            }
          >
            <AreaProfilePanel area={{ setId: areaSet, code: areaCode }} borderKm={settings.borderKm} onClose={closeProfile} onOpenArea={goToArea}>
              {areaSet === COUNTRIES_SET_ID && <AreaSuggestions code={areaCode} borderKm={settings.borderKm} canWrite={canWrite} />}
            </AreaProfilePanel>
          </Suspense>
        </ErrorBoundary>
      )}

      {prioritising && (
        <ErrorBoundary fallback={panelFallback('prioritise', 'right')}>
          <Suspense fallback={<div className="dialog-loading"><Loading label={t('app.loadingPanel')} /></div>}>
            <PrioritisePanel onClose={() => setPrioritising(false)} role={account.me.role} overlay={priorityOverlay} />
          </Suspense>
        </ErrorBoundary>
      )}

      {dialog && (
        <ErrorBoundary key={dialog} fallback={panelFallback(dialog === 'import' ? 'imports' : dialog === 'catalogue' ? 'catalogue' : dialog === 'views' ? 'views' : 'account', 'center')}>
          <Suspense fallback={<div className="dialog-loading"><Loading label={t('app.loadingPanel')} /></div>}>
            {dialog === 'import' ? (
              <ImportWizard onClose={closeDialog} onPublished={showPublished} />
            ) : dialog === 'catalogue' ? (
              <CatalogueDialog onClose={closeDialog} onDeleted={forgetDeleted} />
            ) : dialog === 'views' ? (
              <SavedViewsDialog currentQuery={currentViewQuery} onOpen={openSavedView} canWrite={account.me.role !== 'viewer'} onClose={closeDialog} />
            ) : dialog === 'admin' ? (
              <AdminDialog onClose={closeDialog} />
            ) : (
              <DialogFrame title={t('account.changePassword')} onClose={closeDialog} closeLabel={t('account.close')}>
                <ChangePasswordForm me={account.me} onChanged={account.refresh} embedded />
              </DialogFrame>
            )}
          </Suspense>
        </ErrorBoundary>
      )}

      <InterventionsRoot canWrite={canWrite} />
      <PlansRoot canWrite={canWrite} />

      <Notices
        label={t('notice.region')}
        dismissLabel={t('notice.dismiss')}
        items={settings.notices.map(({ id, problem }) => ({
          id,
          message: t(`notice.${problem.key}`, { value: problem.value }),
        }))}
        onDismiss={(id) => store.set((s) => ({ ...s, notices: s.notices.filter((n) => n.id !== id) }))}
      />
    </div>
  );
}

/**
 * Says which user datasets of the link do not exist (deleted, or another organisation's), once
 * the catalogue has loaded, and drops them from the view, as an unknown layer is.
 */
function useUnknownDatasetNotice(store: Store<ViewSettings>, list: { id: string; builtIn: boolean }[] | undefined) {
  const checked = useRef(false);
  useEffect(() => {
    if (!list || checked.current) return;
    checked.current = true;
    const known = new Set(list.filter((d) => !d.builtIn).map((d) => d.id));
    const unknown = store.get().datasets.filter((id) => !known.has(id));
    if (unknown.length === 0) return;
    store.set((s) => {
      const next = Math.max(-1, ...s.notices.map((n) => n.id)) + 1;
      return {
        ...s,
        datasets: s.datasets.filter((id) => known.has(id)),
        notices: [...s.notices, ...unknown.map((value, i) => ({ id: next + i, problem: { key: 'unknownDataset' as const, value } }))],
      };
    });
  }, [list, store]);
}

let firstPaintMarked = false;

/** Marks the first frame that shows the countries, for test/bench/first-paint.ts. */
function markFirstPaint(layerIds: string[]) {
  if (firstPaintMarked || !layerIds.includes(COUNTRIES_LAYER_ID)) return;
  firstPaintMarked = true;
  performance.mark('risk-atlas:first-map-paint');
}

/**
 * The data layers with the prioritisation screen's class map over them; a click on that map goes
 * to the screen first (it selects the area), other clicks to the shell; the screen describes its areas under the pointer.
 */
function OverlayWithPriorities({ layers, swipe, priorities, hover, onHover, onClick, clickLayerIds = CLICK_LAYER_IDS }: { layers: Layer[]; swipe: SwipeSides | null; priorities: Store<PriorityOverlay>; hover: Store<Hover>; onHover: (info: PickingInfo) => void; onClick: (info: PickingInfo) => void; clickLayerIds?: string[] }) {
  const extra = useStore(priorities, (p) => p);
  const { t } = useTranslation();
  const position = useStore(mapStyleStore, (s) => s.swipe);
  // two periods compared either side of a divider
  const clipped = useSwipeLayers(layers, swipe, position);
  const describe = useCallback((info: PickingInfo) => {
    const d = extra.describe?.(info);
    if (d) hover.set({ ...d, x: info.x, y: info.y });
    else onHover(info);
  }, [extra, hover, onHover]);
  const all = useMemo(() => (extra.layers.length ? [...clipped, ...extra.layers] : clipped), [clipped, extra.layers]);
  const clickIds = useMemo(() => (extra.clickLayerIds.length ? [...extra.clickLayerIds, ...clickLayerIds] : clickLayerIds), [extra.clickLayerIds, clickLayerIds]);
  const click = useCallback((info: PickingInfo) => {
    if (!extra.onClick?.(info)) onClick(info);
  }, [extra, onClick]);
  return (
    <>
      <DeckOverlay layers={all} onHover={describe} onClick={click} clickLayerIds={clickIds} onRender={markFirstPaint} />
      {swipe && (
        <SwipeDivider
          position={position}
          onChange={setSwipe}
          label={t('layers.swipe.label', { left: swipe.leftLabel, right: swipe.rightLabel })}
          valueText={t('layers.swipe.position', { percent: Math.round(position * 100) })}
          leftLabel={swipe.leftLabel}
          rightLabel={swipe.rightLabel}
        />
      )}
    </>
  );
}

function HoverTooltip({ store }: { store: Store<Hover> }) {
  const hover = useStore(store, (h) => h);
  return hover ? <MapTooltip x={hover.x} y={hover.y} title={hover.title} detail={hover.detail} /> : null;
}

