/**
 * The built-in risk model "Demand for SEC": INFORM's shape (risk = geometric mean of exposure,
 * vulnerability and lack of coping capacity) filled with what Risk Atlas has or imports. Its
 * choices follow Strategy 2.1 of the theory of change (`seed/theory-of-change-demand-sec.md`):
 * "priority should be given to … national borderland zones, communities with a high prevalence
 * of child marriage, tourist sites, train stations, harbours, red-light districts …".
 *
 * Leaves name the factors the app derives per area (`borderland-share`, `sites-per-100k:<category>`)
 * and the indicators an organisation imports (UNICEF's child-marriage series by its code). A leaf
 * that nothing fills is left out of a run and listed as such; a user picks other indicators per
 * leaf. The reasons are in {@link DEMAND_FOR_SEC_REASONS}, shown beside the sliders.
 */
import type { ModelLeaf, RiskModel } from './model-file';

/** The id under which every organisation sees the built-in model. */
export const DEMAND_FOR_SEC_ID = 'builtin:demand-for-sec';

// Site densities: many areas have none and a few very many, so ln(x + 1) then Tukey fences.
const density = (id: string, category: string, weight?: number): ModelLeaf => ({
  id, indicator: `sites-per-100k:${category}`, normalisation: 'minmax', transform: 'log', caps: { iqr: 1.5 }, ...(weight !== undefined ? { weight } : {}),
});

export const DEMAND_FOR_SEC: RiskModel = {
  name: 'Demand for SEC',
  root: {
    id: 'risk', name: 'Risk of demand for SEC', aggregation: 'geometric',
    children: [
      {
        id: 'exposure', name: 'Exposure', aggregation: 'inform-geometric',
        children: [
          { id: 'borderland', name: 'Borderland zones', aggregation: 'arithmetic', weight: 2, children: [
            { id: 'borderland-share', indicator: 'borderland-share', normalisation: 'minmax', min: 0, max: 1 },
          ] },
          { id: 'transit', name: 'Transit hubs', aggregation: 'arithmetic', children: [
            density('airports', 'transit.airport'),
            density('rail-stations', 'transit.rail-station'),
            density('bus-stations', 'transit.bus-station'),
            density('harbours', 'transit.harbour'),
            density('border-crossings', 'transit.border-crossing'),
          ] },
          { id: 'tourism', name: 'Tourist sites', aggregation: 'arithmetic', children: [
            density('accommodation', 'tourism.accommodation'),
            density('heritage-sites', 'tourism.heritage-site'),
            density('resorts', 'tourism.resort'),
          ] },
          { id: 'nightlife', name: 'Entertainment venues', aggregation: 'arithmetic', children: [
            density('nightlife-venues', 'entertainment.nightlife'),
            density('massage-parlours', 'entertainment.massage'),
            density('casinos', 'entertainment.casino'),
          ] },
        ],
      },
      {
        id: 'vulnerability', name: 'Vulnerability', aggregation: 'inform-geometric',
        children: [
          { id: 'child-marriage', name: 'Child marriage', aggregation: 'arithmetic', weight: 2, children: [
            { id: 'married-before-18', indicator: 'PT_F_20-24_MRD_U18', normalisation: 'minmax', min: 0, max: 100 },
          ] },
          { id: 'poverty', name: 'Poverty', aggregation: 'arithmetic', children: [
            { id: 'poverty-rate', indicator: 'poverty', normalisation: 'minmax' },
          ] },
          { id: 'out-of-school', name: 'Children out of school', aggregation: 'arithmetic', children: [
            { id: 'out-of-school-rate', indicator: 'out-of-school', normalisation: 'minmax' },
          ] },
          { id: 'displacement', name: 'Displacement', aggregation: 'arithmetic', children: [
            { id: 'displaced-share', indicator: 'displacement', normalisation: 'minmax', transform: 'log' },
          ] },
        ],
      },
      {
        id: 'coping', name: 'Lack of coping capacity', aggregation: 'arithmetic',
        children: [
          { id: 'protection-services', indicator: 'child-protection-services', normalisation: 'percentile', direction: 'higher-less-risk' },
        ],
      },
    ],
  },
};

/** Why each node of the default model is there and weighs what it does (shown in the app). */
export const DEMAND_FOR_SEC_REASONS: Readonly<Record<string, string>> = {
  risk: 'INFORM’s composite: the geometric mean of exposure, vulnerability and lack of coping capacity, so that an area must score on all three to rank high. A dimension with no data is left out, never read as zero.',
  exposure: 'Where demand concentrates (Strategy 2.1’s priority geographies): borderlands, transit hubs, tourist sites and entertainment venues, combined with INFORM’s adjusted geometric mean.',
  borderland: 'Strategy 2.1 names national borderland zones first; weight 2. The share of the area within the borderland zone (the width the factors were computed with), 0–1.',
  transit: 'Train stations and harbours (Strategy 2.1) and the transport staff, taxi drivers and airport staff of Strategy 2.2: sites per 100,000 people, ln(x + 1), outliers capped at Tukey fences.',
  tourism: 'Tourist sites (Strategy 2.1) and the hotel staff and tour operators of Strategy 2.2: sites per 100,000 people.',
  nightlife: 'The entertainment sector of Strategy 2.2 and the controls over entertainment establishments of Strategy 5.1: venues per 100,000 people.',
  vulnerability: 'Who is at risk: communities with a high prevalence of child marriage (Strategy 2.1) first, then poverty, children out of school and displacement, each filled by an imported indicator when there is one.',
  'child-marriage': 'Women aged 20–24 first married before 18 (UNICEF PT_F_20-24_MRD_U18, by `npm run atlas -- fetch unicef-child-marriage`, or a survey such as NFHS-5 picked for the leaf), 0–100 %; weight 2.',
  poverty: 'An imported poverty rate (pick it for the leaf).',
  'out-of-school': 'An imported out-of-school rate (pick it for the leaf).',
  displacement: 'An imported share of displaced people (pick it for the leaf); ln(x + 1).',
  coping: 'Lack of coping capacity: child-protection services per area, when an organisation imports them (more services, less risk; percentile rank).',
};
