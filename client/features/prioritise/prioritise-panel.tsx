import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Layer, PickingInfo } from '@deck.gl/core';
import { DEMAND_FOR_SEC, DEMAND_FOR_SEC_ID } from '../../../server/domain/risk/demand-for-sec';
import { classifyScores } from '../../../server/domain/risk/classify-score';
import { byAreaOrder, coverageGaps, DEFAULT_MIN_POPULATION, smallDenominators } from '../../../server/domain/risk/coverage-gap';
import { isLeaf, type ModelChild, type ModelLeaf } from '../../../server/domain/risk/model-file';
import type { Store } from '../../lib/store';
import { toCss } from '../../lib/colours';
import { formatNumber, formatPercent } from '../../lib/format';
import { useTRPC } from '../../lib/trpc';
import { Panel } from '../../ui/panel';
import { Loading } from '../../ui/loading';
import { ProgressBar } from '../../ui/progress-bar';
import { createRiskClassesLayer, createRiskReliabilityLayer, RISK_CLASSES_LAYER_ID } from '../../map/layers/risk-classes';
import { COUNTRIES_SET_ID, useBoundaryGeometry, useBoundarySets, useRiskInputs, useRiskModel, useRiskModels } from './api/prioritise-queries';
import { classColours, NO_SCORE_COLOUR } from './class-palette';
import { ClassLegend } from './class-legend';
import { ExplanationChart } from './explanation-chart';
import { builtInNames, usesBuiltInName, weightNodes, type WeightNode } from './model-weights';
import { classCounts, featureAreas, featureColours, SHARE_CLASSES, shareClasses, unreliableFeatures } from './priority-map';
import { PriorityScorer } from './priority-scorer';
import { rankingCsv } from './ranking-csv';
import { filterRows, rankingRows, sortRows, TABLE_PAGE, tableWindow, type SortDirection, type SortKey } from './ranking-rows';
import { RankingTable } from './ranking-table';
import { SaveModelSection } from './save-model-section';
import { startUncertainty, type UncertaintyResult, type UncertaintyRun } from './rank-uncertainty-run';
import { WeightSliders } from './weight-sliders';
import { LeafPickers, type LeafPicks } from './leaf-pickers';
import './prioritise.css';

const BUILT_IN_NAMES = builtInNames(DEMAND_FOR_SEC);

/** What the prioritisation screen puts on the map: its layers and the clicks it answers. */
export interface PriorityOverlay {
  layers: Layer[];
  /** Layers whose clicks go to `onClick` first. */
  clickLayerIds: string[];
  /** True when the click was handled (the area was selected). */
  onClick: ((info: PickingInfo) => boolean) | null;
  /** The tooltip of an area of the class map under the pointer; null for anything else. */
  describe: ((info: PickingInfo) => { title: string; detail?: string } | null) | null;
}
export const NO_PRIORITY_OVERLAY: PriorityOverlay = { layers: [], clickLayerIds: [], onClick: null, describe: null };

export interface PrioritisePanelProps {
  onClose: () => void;
  /** The user's role in the acting organisation: analysts and above save models. */
  role: 'viewer' | 'analyst' | 'editor' | 'admin';
  /** Where the class map goes (the shell draws it over the other layers). */
  overlay: Store<PriorityOverlay>;
}

const DRAWS = 1000;
const SEED = 1;
const TOP_N = 10;
const FILL_ALPHA = 200;
// areas without a score: a light grey veil, the basemap still readable under it
const NO_SCORE_ALPHA = 110;
const CLASS_KEYS: Record<string, string> = { 'Very Low': 'veryLow', Low: 'low', Medium: 'medium', High: 'high', 'Very High': 'veryHigh' };

/** What the map colours the areas by. */
type MapMeasure = 'class' | 'gap' | 'top';
const NO_PICKS: LeafPicks = { indicators: {}, periods: {} };

type Uncertainty =
  | { phase: 'idle' }
  | { phase: 'running'; done: number; total: number }
  | { phase: 'done'; result: UncertaintyResult; weightsKey: string }
  | { phase: 'cancelled' | 'failed'; message?: string };

/**
 * The programme manager's prioritisation screen: a model and a boundary set, the inputs fetched
 * once, then everything scored in the browser by the domain engine — weight sliders, the ranked
 * table, an area's explanation, the class map, rank uncertainty in a worker, CSV export and saving
 * the weights as a model.
 */
export function PrioritisePanel({ onClose, role, overlay }: PrioritisePanelProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const models = useRiskModels();
  const sets = useBoundarySets();
  const [modelId, setModelId] = useState(DEMAND_FOR_SEC_ID);
  const [setId, setSetId] = useState(COUNTRIES_SET_ID);
  const [picks, setPicks] = useState<LeafPicks>(NO_PICKS);
  const stored = useRiskModel(modelId);
  const inputs = useRiskInputs(modelId, setId, picks);
  const geometry = useBoundaryGeometry(setId);
  const data = inputs.data;
  // the weights moved on this model: kept when a pick of indicator or period rescores it
  const movedWeights = useRef<Record<string, number>>({});
  const pickModel = (id: string) => {
    movedWeights.current = {};
    setPicks(NO_PICKS);
    setModelId(id);
  };

  const scorer = useMemo(() => {
    if (!data?.model) return null;
    const s = new PriorityScorer(data.model, data.data, data.areas.map((a) => a.code));
    const moved = Object.entries(movedWeights.current).filter(([id]) => s.plan.nodeIndex.has(id));
    for (const [id, w] of moved) s.setWeight(id, w);
    if (moved.length) s.update();
    return s;
  }, [data]);
  const [, rerender] = useState(0);
  const version = scorer?.version ?? 0;
  const names = useMemo(() => new Map((data?.areas ?? []).map((a) => [a.code, a.name])), [data]);
  const [selectedCode, setSelectedCode] = useState<string | null>(null);
  const selectedIndex = scorer && selectedCode ? scorer.plan.areaCodes.indexOf(selectedCode) : -1;
  const [sort, setSort] = useState<{ key: SortKey; direction: SortDirection }>({ key: 'rank', direction: 'ascending' });
  const [uncertainty, setUncertainty] = useState<Uncertainty>({ phase: 'idle' });
  const run = useRef<UncertaintyRun | null>(null);

  // a new model or boundary set: a new scorer, so results of the old one go
  useEffect(() => {
    run.current?.cancel();
    setUncertainty({ phase: 'idle' });
  }, [scorer]);
  useEffect(() => () => run.current?.cancel(), []);

  // the coverage gap and the small-denominator flag, in the plan's area order
  const coverage = useMemo(() => (scorer && data ? byAreaOrder(scorer.plan.areaCodes, data.coverage) : null), [scorer, data]);
  const population = useMemo(() => (scorer && data ? byAreaOrder(scorer.plan.areaCodes, data.denominator.values) : null), [scorer, data]);
  const [minPopulation, setMinPopulation] = useState(DEFAULT_MIN_POPULATION);
  const small = useMemo(() => (population ? smallDenominators(population, minPopulation) : null), [population, minPopulation]);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const gaps = useMemo(() => (scorer && coverage ? coverageGaps(scorer.scores, coverage) : null), [scorer, version, coverage]);
  const regionOf = useMemo(() => new Map((data?.areas ?? []).filter((a) => a.region).map((a) => [a.code, a.region!])), [data]);
  const regions = useMemo(() => [...new Set(regionOf.values())].sort(), [regionOf]);
  const [region, setRegion] = useState('');
  const [mapShows, setMapShows] = useState<MapMeasure>('class');

  const formats = useMemo(() => {
    const score = new Intl.NumberFormat(lang, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    const signed = new Intl.NumberFormat(lang, { minimumFractionDigits: 2, maximumFractionDigits: 2, signDisplay: 'exceptZero' });
    const weight = new Intl.NumberFormat(lang, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
    const dash = (f: (x: number) => string) => (x: number) => (Number.isFinite(x) ? f(x) : '—');
    return {
      score: dash((x) => score.format(x)),
      signed: dash((x) => signed.format(x)),
      weight: (w: number) => weight.format(w),
      rank: (x: number) => formatNumber(x, lang),
      share: (x: number) => formatPercent(x, lang),
      range: (p5: number, p95: number) => (Number.isFinite(p5) ? t('prioritise.range', { from: formatNumber(p5, lang), to: formatNumber(p95, lang) }) : '—'),
    };
  }, [lang, t]);

  // the built-in model's node names are translated by node id, in a copy of it too; a model of the
  // organisation's own keeps the names its authors gave (its node 'exposure' may mean another
  // thing), and a node without a name takes the built-in vocabulary's name for its id
  const labelOf = useCallback(
    (id: string, fallback?: string) => t(`prioritise.nodes.${id}`, { defaultValue: fallback ?? id }),
    [t],
  );
  const nodeLabel = useCallback(
    (n: WeightNode) => (usesBuiltInName(n, BUILT_IN_NAMES) ? labelOf(n.id, n.name ?? n.indicator) : n.name!),
    [labelOf],
  );
  const nodes = useMemo(() => (data?.model ? weightNodes(data.model) : []), [data]);
  const colours = useMemo(() => classColours(scorer?.classes.length ?? 5), [scorer]);
  const classLabel = useCallback(
    (k: number) => (scorer && k >= 0 ? t(`prioritise.classes.${CLASS_KEYS[scorer.classes[k].label] ?? 'other'}`, { defaultValue: scorer.classes[k].label }) : t('prioritise.noScore')),
    [scorer, t],
  );
  const classColour = useCallback((k: number) => toCss(k >= 0 ? colours[k] : NO_SCORE_COLOUR), [colours]);

  const weightsKey = scorer ? JSON.stringify(scorer.weights()) : '';
  const range = uncertainty.phase === 'done' ? uncertainty.result : null;
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const rows = useMemo(
    () => (scorer ? rankingRows(scorer, names, range, coverage && gaps && population && small ? { coverage, coverageGap: gaps, population, smallDenominator: small } : null) : []),
    [scorer, version, names, range, coverage, gaps, population, small],
  );
  const [classFilter, setClassFilter] = useState<number | null>(null);
  const [minReliability, setMinReliability] = useState(0);
  const [scoredOnly, setScoredOnly] = useState(false);
  const shownRows = useMemo(
    () => filterRows(rows, { classes: classFilter === null ? undefined : new Set([classFilter]), minReliability, scoredOnly, regions: region ? new Set([region]) : undefined, regionOf }),
    [rows, classFilter, minReliability, scoredOnly, region, regionOf],
  );
  const sorted = useMemo(() => sortRows(shownRows, sort.key, sort.direction, new Intl.Collator(lang)), [shownRows, sort, lang]);
  // a long ranking draws a page of rows at a time (the map and the counts take every area)
  const [tableLimit, setTableLimit] = useState(TABLE_PAGE);
  const drawnRows = useMemo(() => tableWindow(sorted, tableLimit, selectedIndex), [sorted, tableLimit, selectedIndex]);

  const onWeight = useCallback(
    (id: string, weight: number) => {
      if (!scorer) return;
      performance.mark('prioritise:weight');
      movedWeights.current[id] = weight;
      scorer.setWeight(id, weight);
      rerender(scorer.update());
    },
    [scorer],
  );

  const onSort = useCallback(
    (key: SortKey) =>
      setSort((s) => (s.key === key ? { key, direction: s.direction === 'ascending' ? 'descending' : 'ascending' } : { key, direction: key === 'score' || key === 'reliability' || key === 'gap' || key === 'top' ? 'descending' : 'ascending' })),
    [],
  );

  // --- the class map ---
  const areasOfFeatures = useMemo(() => (geometry.data && scorer ? featureAreas(geometry.data, scorer.plan.areaCodes) : null), [geometry.data, scorer]);
  const colourBuffer = useMemo(() => (areasOfFeatures ? new Uint8Array(areasOfFeatures.length * 4) : null), [areasOfFeatures]);
  const hatched = useMemo(() => (geometry.data && areasOfFeatures && scorer ? unreliableFeatures(geometry.data, areasOfFeatures, scorer) : null), [geometry.data, areasOfFeatures, scorer]);
  const colourVersion = useRef(0);
  const topReady = range !== null;
  const shown: MapMeasure = mapShows === 'top' && !topReady ? 'class' : mapShows;
  // the class index per area of what the map shows: the score's class, the gap's (on the same
  // 0–10 classes) or the fifth of the top-N share
  const measureClass = useMemo(() => {
    if (!scorer) return null;
    if (shown === 'gap' && gaps) return classifyScores(gaps, scorer.classes, new Int8Array(gaps.length));
    if (shown === 'top' && range) return shareClasses(range.topShare);
    return scorer.classIndex;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [scorer, version, shown, gaps, range]);
  const measureColours = useMemo(() => (shown === 'top' ? classColours(SHARE_CLASSES) : colours), [shown, colours]);
  const clickContext = useRef({ areasOfFeatures, scorer, names, classLabel, formats, t, gaps });
  clickContext.current = { areasOfFeatures, scorer, names, classLabel, formats, t, gaps };
  const describeArea = useCallback((info: PickingInfo) => {
    const { areasOfFeatures: areas, scorer: s, names: n, classLabel: label, formats: f, t: tr, gaps: g } = clickContext.current;
    if (info.layer?.id !== RISK_CLASSES_LAYER_ID || !areas || !s || info.index < 0 || areas[info.index] < 0) return null;
    const a = areas[info.index];
    const code = s.plan.areaCodes[a];
    return {
      title: n.get(code) ?? code,
      detail: Number.isFinite(s.scores[a])
        ? tr('prioritise.tooltip', { score: f.score(s.scores[a]), class: label(s.classIndex[a]), rank: f.rank(s.ranks[a]), reliability: f.share(s.reliability(a)) })
          + (g ? ` · ${tr('prioritise.tooltipGap', { gap: f.score(g[a]) })}` : '')
        : tr('prioritise.noScore'),
    };
  }, []);
  const onMapClick = useCallback((info: PickingInfo) => {
    const { areasOfFeatures: areas, scorer: s } = clickContext.current;
    if (info.layer?.id !== RISK_CLASSES_LAYER_ID || !areas || !s || info.index < 0) return false;
    const a = areas[info.index];
    if (a < 0) return false;
    setSelectedCode(s.plan.areaCodes[a]);
    return true;
  }, []);
  useEffect(() => {
    if (!scorer || !geometry.data || !areasOfFeatures || !colourBuffer || !hatched || !measureClass) {
      overlay.set(NO_PRIORITY_OVERLAY);
      return;
    }
    featureColours(measureClass, areasOfFeatures, measureColours, FILL_ALPHA, colourBuffer, NO_SCORE_ALPHA);
    const selectedFeature = selectedIndex >= 0 ? areasOfFeatures.indexOf(selectedIndex) : -1;
    overlay.set({
      layers: [
        createRiskClassesLayer({ data: geometry.data, fillColours: colourBuffer, colourVersion: ++colourVersion.current, selectedIndex: selectedFeature, visible: true }),
        createRiskReliabilityLayer({ data: hatched, visible: true }),
      ],
      clickLayerIds: [RISK_CLASSES_LAYER_ID],
      onClick: onMapClick,
      describe: describeArea,
    });
  }, [overlay, scorer, version, geometry.data, areasOfFeatures, colourBuffer, hatched, measureClass, measureColours, selectedIndex, onMapClick, describeArea]);
  useEffect(() => () => overlay.set(NO_PRIORITY_OVERLAY), [overlay]);

  // eslint-disable-next-line react-hooks/exhaustive-deps
  const counts = useMemo(() => (scorer && measureClass ? classCounts(scorer, measureClass, shown === 'top' ? SHARE_CLASSES : scorer.classes.length) : null), [scorer, version, measureClass, shown]);

  // --- rank uncertainty ---
  const startRun = () => {
    if (!scorer || !data?.model) return;
    run.current?.cancel();
    const key = weightsKey;
    setUncertainty({ phase: 'running', done: 0, total: DRAWS });
    const r = startUncertainty(
      {
        model: data.model,
        data: data.data,
        planOptions: { areaCodes: scorer.plan.areaCodes, referenceYear: new Date().getFullYear(), maxAgeYears: 10 },
        options: { draws: DRAWS, seed: SEED, topN: TOP_N, weights: scorer.weights() },
      },
      (done, total) => setUncertainty({ phase: 'running', done, total }),
    );
    run.current = r;
    r.result.then(
      (result) => {
        if (run.current !== r) return;
        setUncertainty(result ? { phase: 'done', result, weightsKey: key } : { phase: 'cancelled' });
      },
      (err: Error) => run.current === r && setUncertainty({ phase: 'failed', message: err.message }),
    );
  };

  // --- export ---
  const exportCsv = () => {
    if (!scorer || !data) return;
    const leafIds = scorer.plan.leaves.map((l) => l.id);
    const csv = rankingCsv({
      rows,
      classLabels: scorer.classes.map((c) => c.label),
      leafIds,
      contributions: (row) => scorer.explain(row.index).contributions.map((c) => c.value),
      headers: {
        rank: 'rank', code: 'code', name: 'name', score: 'score', class: 'class', reliability: 'reliability',
        p5Rank: 'rank_p5', p95Rank: 'rank_p95', topShare: `top_${TOP_N}_share`, contribution: (id) => `contribution:${id}`,
        medianRank: 'rank_median', coverage: 'coverage', coverageGap: 'coverage_gap', population: 'population', smallDenominator: 'small_denominator',
      },
      about: [
        ['model', data.model!.name],
        ['model_id', data.modelId ?? ''],
        ['model_version', data.modelVersion === null ? '' : String(data.modelVersion)],
        ['boundary_set', `${data.boundarySet.name} (${data.boundarySet.id}, ${data.boundarySet.version})`],
        ['weights', JSON.stringify(scorer.weights())],
        ['left_out', data.leftOut.map((l) => `${l.leafId}=${l.indicator}`).join('; ')],
        ...data.sources.map((s) => [`source:${s.leafId}`, `${s.indicatorName} — ${s.datasetName} (${s.datasetId}, ${s.importedAt}, ${s.sensitivity})`] as const),
        ['rank_range', range ? `${range.draws} draws, seed ${SEED}, weights ±25 %` : ''],
        ['leaf_indicators', JSON.stringify(picks.indicators)],
        ['leaf_periods', JSON.stringify(picks.periods)],
        ['coverage_gap', 'score × (1 − coverage by the interventions you may see)'],
        ['denominator', data.denominator.source ? `${data.denominator.indicator} — ${data.denominator.source.datasetName} (${data.denominator.source.importedAt})` : `${data.denominator.indicator} (not available)`],
        ['min_population', String(minPopulation)],
        ['exported_at', new Date().toISOString()],
      ],
    });
    download(new Blob([csv], { type: 'text/csv;charset=utf-8' }), `ranking-${data.boundarySet.id}.csv`);
  };

  // the XLSX workbook is written on the server (the 3W export's writer) for the same weights and picks
  const xlsx = useMutation(trpc.risk.exportRanking.mutationOptions());
  const exportXlsx = () => {
    if (!scorer) return;
    xlsx.mutate(
      { modelId, boundarySetId: setId, weights: scorer.weights(), indicators: picks.indicators, periods: picks.periods, minPopulation },
      { onSuccess: ({ fileName, base64 }) => download(new Blob([Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }), fileName) },
    );
  };

  const onSaved = (id: string) => {
    movedWeights.current = {};
    void queryClient.invalidateQueries({ queryKey: trpc.risk.inputs.queryKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.risk.models.get.queryKey({ id }) });
    setModelId(id);
  };

  const explanation = scorer && selectedIndex >= 0 ? scorer.explain(selectedIndex) : null;
  const canSave = role !== 'viewer';
  const staleRange = uncertainty.phase === 'done' && uncertainty.weightsKey !== weightsKey;

  return (
    <Panel side="right" title={t('prioritise.title')} onClose={onClose} closeLabel={t('prioritise.close')} closeTitle={t('prioritise.close')} className="prioritise-panel">
      <div className="prioritise-pickers">
        <label htmlFor="prioritise-model">{t('prioritise.model')}</label>
        <select id="prioritise-model" value={modelId} onChange={(e) => pickModel(e.currentTarget.value)}>
          {(models.data ?? [{ id: DEMAND_FOR_SEC_ID, name: 'Demand for SEC' }]).map((m) => (
            <option key={m.id} value={m.id}>
              {m.id === DEMAND_FOR_SEC_ID ? t('prioritise.builtInModel') : m.name}
            </option>
          ))}
        </select>
        <label htmlFor="prioritise-set">{t('prioritise.boundarySet')}</label>
        <select id="prioritise-set" value={setId} onChange={(e) => { setSetId(e.currentTarget.value); setSelectedCode(null); setRegion(''); }}>
          {(sets.data ?? [{ id: COUNTRIES_SET_ID, name: COUNTRIES_SET_ID, level: 0, areaCount: 0, version: '' }]).map((s) => (
            <option key={s.id} value={s.id}>
              {t('prioritise.boundarySetOption', { name: s.name, level: s.level })}
            </option>
          ))}
        </select>
      </div>

      {(inputs.isPending || inputs.isPlaceholderData) && <Loading label={t('prioritise.loading')} />}
      {inputs.error && <p className="error-text" role="alert">{t('prioritise.error', { message: inputs.error.message })}</p>}
      {data && !data.model && <p role="status">{t('prioritise.nothingFilled')}</p>}

      {data && scorer && (
        <>
          {(data.leftOut.length > 0 || !data.factorsComputed) && (
            <details className="prioritise-notes">
              <summary>{t('prioritise.leftOut', { count: data.leftOut.length })}</summary>
              {!data.factorsComputed && <p>{t('prioritise.noFactors')}</p>}
              <ul>
                {data.leftOut.map((l) => (
                  <li key={l.leafId}>
                    {labelOf(l.leafId, l.indicator)} <code>{l.indicator}</code>
                  </li>
                ))}
              </ul>
            </details>
          )}

          <div className="prioritise-map-measure">
            <label htmlFor="prioritise-map-shows">{t('prioritise.mapShows.label')}</label>
            <select id="prioritise-map-shows" value={shown} onChange={(e) => setMapShows(e.currentTarget.value as MapMeasure)}>
              <option value="class">{t('prioritise.mapShows.class')}</option>
              <option value="gap">{t('prioritise.mapShows.gap')}</option>
              <option value="top" disabled={!topReady}>{t('prioritise.mapShows.top', { n: TOP_N })}</option>
            </select>
          </div>
          {counts && (
            <ClassLegend
              title={t(`prioritise.legends.${shown}`, { n: TOP_N })}
              items={shown === 'top'
                ? Array.from({ length: SHARE_CLASSES }, (_, k) => ({
                  key: `share-${k}`, colour: toCss(measureColours[k]), count: formatNumber(counts.perClass[k], lang),
                  label: t('prioritise.shareRange', { from: formats.share(k / SHARE_CLASSES), to: formats.share((k + 1) / SHARE_CLASSES) }),
                }))
                : scorer.classes.map((c, k) => ({ key: CLASS_KEYS[c.label] ?? String(k), label: classLabel(k), colour: classColour(k), count: formatNumber(counts.perClass[k], lang) }))}
              noScore={{ label: t('prioritise.noScore'), count: formatNumber(counts.noScore, lang) }}
              unreliable={{ label: t('prioritise.unreliable'), count: formatNumber(counts.unreliable, lang) }}
            />
          )}

          <section className="prioritise-section" aria-labelledby="prioritise-weights">
            <h3 id="prioritise-weights">{t('prioritise.weights')}</h3>
            <p className="prioritise-muted">{t('prioritise.weightsHelp')}</p>
            <WeightSliders
              nodes={nodes}
              weightOf={(id) => scorer.weightOf(id)}
              labelOf={nodeLabel}
              sliderLabel={(label) => t('prioritise.weightOf', { label })}
              formatWeight={formats.weight}
              soleChildNote={t('prioritise.soleChild')}
              onChange={onWeight}
            />
            {stored.data?.reasons && (
              <details className="prioritise-notes" data-testid="prioritise-reasons">
                <summary>{t('prioritise.reasons')}</summary>
                <dl>
                  {Object.entries(stored.data.reasons).map(([id, reason]) => (
                    <div key={id}>
                      <dt>{labelOf(id)}</dt>
                      <dd>{t(`prioritise.reasonOf.${id}`, { defaultValue: reason })}</dd>
                    </div>
                  ))}
                </dl>
              </details>
            )}
          </section>

          {stored.data && stored.data.id === modelId && (
            <LeafPickers
              leaves={leavesOf(stored.data.definition.root)}
              available={data.available}
              picks={picks}
              onChange={setPicks}
              labelOf={(leaf) => labelOf(leaf.id, leaf.indicator)}
            />
          )}

          <section className="prioritise-section" aria-labelledby="prioritise-ranking">
            <h3 id="prioritise-ranking">{t('prioritise.ranking')}</h3>
            <div className="prioritise-filters" role="group" aria-label={t('prioritise.filters.label')}>
              <label htmlFor="prioritise-class-filter">{t('prioritise.filters.class')}</label>
              <select id="prioritise-class-filter" value={classFilter ?? ''} onChange={(e) => setClassFilter(e.currentTarget.value === '' ? null : Number(e.currentTarget.value))}>
                <option value="">{t('prioritise.filters.allClasses')}</option>
                {scorer.classes.map((c, k) => (
                  <option key={c.label} value={k}>{classLabel(k)}</option>
                ))}
              </select>
              <label htmlFor="prioritise-reliability-filter">{t('prioritise.filters.reliability')}</label>
              <select id="prioritise-reliability-filter" value={minReliability} onChange={(e) => setMinReliability(Number(e.currentTarget.value))}>
                <option value={0}>{t('prioritise.filters.anyReliability')}</option>
                <option value={0.5}>{t('prioritise.filters.atLeast', { share: formats.share(0.5) })}</option>
                <option value={1}>{t('prioritise.filters.complete')}</option>
              </select>
              {regions.length > 0 && (
                <>
                  <label htmlFor="prioritise-region-filter">{t('prioritise.filters.region')}</label>
                  <select id="prioritise-region-filter" value={region} onChange={(e) => setRegion(e.currentTarget.value)}>
                    <option value="">{t('prioritise.filters.allRegions')}</option>
                    {regions.map((r) => <option key={r} value={r}>{names.get(r) ?? r}</option>)}
                  </select>
                </>
              )}
              <label htmlFor="prioritise-min-population">{t('prioritise.filters.minPopulation')}</label>
              <input
                id="prioritise-min-population" type="number" min={0} step={1000} value={minPopulation}
                onChange={(e) => Number.isFinite(e.currentTarget.valueAsNumber) && setMinPopulation(Math.max(0, e.currentTarget.valueAsNumber))}
              />
              <label className="prioritise-filters__check">
                <input type="checkbox" checked={scoredOnly} onChange={(e) => setScoredOnly(e.currentTarget.checked)} />
                {t('prioritise.filters.scoredOnly')}
              </label>
              <span className="prioritise-muted" role="status">{t('prioritise.filters.shown', { shown: formatNumber(sorted.length, lang), count: rows.length, n: formatNumber(rows.length, lang) })}</span>
            </div>
            <RankingTable
              rows={drawnRows}
              total={sorted.length}
              caption={t('prioritise.tableCaption')}
              headers={{
                rank: t('prioritise.columns.rank'), name: t('prioritise.columns.area'), score: t('prioritise.columns.score'), class: t('prioritise.columns.class'), reliability: t('prioritise.columns.reliability'),
                gap: t('prioritise.columns.gap'), median: t('prioritise.columns.median'), range: t('prioritise.columns.range'), top: t('prioritise.columns.top', { n: TOP_N }),
              }}
              smallLabel={t('prioritise.smallDenominator')}
              smallTitle={(r) => t('prioritise.smallDenominatorNote', { population: formatNumber(r.population, lang), min: formatNumber(minPopulation, lang) })}
              sortLabel={(column) => t('prioritise.sortBy', { column })}
              sort={sort}
              onSort={onSort}
              selectedIndex={selectedIndex}
              onSelect={(a) => setSelectedCode(scorer.plan.areaCodes[a])}
              classLabel={classLabel}
              classColour={classColour}
              formatScore={formats.score}
              formatRank={formats.rank}
              formatShare={formats.share}
              formatRange={formats.range}
              showRange={range !== null}
            />
            {drawnRows.length < sorted.length && (
              <div className="prioritise-more">
                <span className="prioritise-muted">{t('prioritise.tableShowing', { shown: formatNumber(drawnRows.length, lang), count: sorted.length, n: formatNumber(sorted.length, lang) })}</span>
                <button type="button" onClick={() => setTableLimit(drawnRows.length + TABLE_PAGE)}>{t('prioritise.tableMore', { n: formatNumber(Math.min(TABLE_PAGE, sorted.length - drawnRows.length), lang) })}</button>
                <button type="button" onClick={() => setTableLimit(sorted.length)}>{t('prioritise.tableAll', { total: formatNumber(sorted.length, lang) })}</button>
              </div>
            )}
            <div className="prioritise-actions">
              <button type="button" onClick={exportCsv}>{t('prioritise.exportCsv')}</button>
              <button type="button" onClick={exportXlsx} disabled={xlsx.isPending}>{t('prioritise.exportXlsx')}</button>
              {xlsx.error && <p className="error-text" role="alert">{t('prioritise.exportFailed', { message: xlsx.error.message })}</p>}
            </div>
          </section>

          {explanation && selectedCode && (
            <section className="prioritise-section" aria-labelledby="prioritise-explanation">
              <h3 id="prioritise-explanation">{t('prioritise.explanation', { name: names.get(selectedCode) ?? selectedCode })}</h3>
              {small && population && small[selectedIndex] === 1 && (
                <p className="prioritise-flag-note" role="note" data-testid="prioritise-small-denominator">
                  {t('prioritise.smallDenominatorNote', { population: formatNumber(population[selectedIndex], lang), min: formatNumber(minPopulation, lang) })}
                </p>
              )}
              {gaps && coverage && Number.isFinite(gaps[selectedIndex]) && (
                <p className="prioritise-muted" data-testid="prioritise-gap-note">
                  {t('prioritise.gapNote', { coverage: formats.share(Number.isFinite(coverage[selectedIndex]) ? coverage[selectedIndex] : 0), gap: formats.score(gaps[selectedIndex]) })}
                </p>
              )}
              {Number.isFinite(explanation.score) ? (
                <ExplanationChart
                  meanScore={explanation.meanScore}
                  score={explanation.score}
                  contributions={explanation.contributions.map((c) => ({ id: c.leafId, value: c.value }))}
                  labelOf={(id) => labelOf(id, scorer.plan.leaves.find((l) => l.id === id)?.indicator)}
                  formatScore={formats.score}
                  formatSigned={formats.signed}
                  strings={{
                    caption: t('prioritise.waterfallCaption'), mean: t('prioritise.meanScore'), score: t('prioritise.areaScore'),
                    missing: t('prioritise.missingLeaves'), leaf: t('prioritise.leaf'), contribution: t('prioritise.contribution'),
                  }}
                />
              ) : (
                <p>{t('prioritise.noScoreExplanation')}</p>
              )}
            </section>
          )}

          <section className="prioritise-section" aria-labelledby="prioritise-uncertainty">
            <h3 id="prioritise-uncertainty">{t('prioritise.uncertainty.heading')}</h3>
            <p className="prioritise-muted">{t('prioritise.uncertainty.help', { count: DRAWS, n: formatNumber(DRAWS, lang), seed: SEED })}</p>
            {uncertainty.phase === 'running' ? (
              <>
                <ProgressBar
                  label={t('prioritise.uncertainty.progress')}
                  value={uncertainty.total ? uncertainty.done / uncertainty.total : null}
                  valueText={t('prioritise.uncertainty.draws', { done: formatNumber(uncertainty.done, lang), total: formatNumber(uncertainty.total, lang) })}
                />
                <button type="button" onClick={() => run.current?.cancel()}>{t('prioritise.uncertainty.cancel')}</button>
              </>
            ) : (
              <button type="button" onClick={startRun}>{t('prioritise.uncertainty.run')}</button>
            )}
            {uncertainty.phase === 'done' && (
              <p role="status" data-testid="prioritise-uncertainty-status">
                {t(staleRange ? 'prioritise.uncertainty.stale' : 'prioritise.uncertainty.done', { count: uncertainty.result.draws, n: formatNumber(uncertainty.result.draws, lang) })}
              </p>
            )}
            {uncertainty.phase === 'cancelled' && <p role="status">{t('prioritise.uncertainty.cancelled')}</p>}
            {uncertainty.phase === 'failed' && <p className="error-text" role="alert">{t('prioritise.uncertainty.failed', { message: uncertainty.message ?? '' })}</p>}
          </section>

          {canSave && stored.data && (
            <SaveModelSection stored={stored.data} weights={() => scorer.weights()} labelOf={nodeLabel} formatWeight={formats.weight} onSaved={onSaved} />
          )}
        </>
      )}
    </Panel>
  );
}

/** The leaves of a model's tree, in order. */
function leavesOf(node: ModelChild): ModelLeaf[] {
  return isLeaf(node) ? [node] : node.children.flatMap(leavesOf);
}

/** Saves a file made in the browser. */
function download(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
