/**
 * The strategies, action areas and audiences of the theory of change
 * (seed/theory-of-change-demand-sec.md) as typed, read-only data. Titles are short forms of the
 * seed's bold headings, in English, for the server's CLI and CSV; the client translates by key
 * (`actionArea.<code>`, `audience.<id>`).
 */

/** Every action-area code of the seed, in its order; a tuple so that `z.enum(ACTION_AREA_CODES)` works. */
export const ACTION_AREA_CODES = [
  '1.1', '1.2',
  '2.1', '2.2', '2.3',
  '3.1', '3.2',
  '4.1', '4.2', '4.3', '4.4', '4.5', '4.6',
  '5.1', '5.2',
  '6A.1', '6B.1', '6B.2', '6B.3', '6B.4', '6C.1',
  '7.1',
  '8.1', '8.2', '8.3', '8.4', '8.5',
] as const;
export type ActionAreaCode = (typeof ACTION_AREA_CODES)[number];

export const STRATEGY_CODES = ['1', '2', '3', '4', '5', '6', '7', '8'] as const;
export type StrategyCode = (typeof STRATEGY_CODES)[number];

/** Strategy 6 has three recommendations (6A, 6B, 6C); every other strategy has one, coded like the strategy. */
export const RECOMMENDATION_CODES = ['1', '2', '3', '4', '5', '6A', '6B', '6C', '7', '8'] as const;
export type RecommendationCode = (typeof RECOMMENDATION_CODES)[number];

export interface Strategy {
  code: StrategyCode;
  title: string;
  recommendations: readonly { code: RecommendationCode; title: string }[];
}

export interface ActionArea {
  code: ActionAreaCode;
  strategy: StrategyCode;
  /** '6A', '6B' or '6C' under Strategy 6; the strategy code otherwise. */
  recommendation: RecommendationCode;
  /** Short English form of the seed's bold heading (the CLI/CSV label). */
  title: string;
}

const one = (code: RecommendationCode, title: string) => [{ code, title }] as const;

export const STRATEGIES: readonly Strategy[] = [
  { code: '1', title: 'Enhance knowledge and information on demand for SEC', recommendations: one('1', 'Develop situation analyses on demand for SEC') },
  { code: '2', title: 'Raise awareness, educate and develop capacities', recommendations: one('2', 'Raise awareness, re-educate men and develop capacities of professionals and caregivers') },
  { code: '3', title: 'Promote the transition from harmful to rights-sensitive social norms and practices', recommendations: one('3', 'Support local communities in questioning harmful practices') },
  { code: '4', title: 'Frame and enforce laws and policy', recommendations: one('4', 'Enhance the use of international law to eliminate demand') },
  { code: '5', title: 'Develop and implement global and local strategies to tackle demand for SEC', recommendations: one('5', 'Converge strategies against demand in global, national and local planning') },
  {
    code: '6',
    title: 'Leverage the private sector to prevent demand',
    recommendations: [
      { code: '6A', title: 'Make the Internet environment child-safe and empower young users' },
      { code: '6B', title: 'Corporate social responsibility tools that analyse the industry’s contribution to demand' },
      { code: '6C', title: 'Promote anti-demand values and culture within industries' },
    ],
  },
  { code: '7', title: 'Measure progress toward ending demand for SEC', recommendations: one('7', 'Strengthen monitoring and evaluation of policies and programmes') },
  { code: '8', title: 'Empower children and adolescents', recommendations: one('8', 'Empower girls and boys with information, knowledge and participation') },
];

// [code, title]; strategy and recommendation follow from the code ('6B.2' → '6', '6B').
const AREA_TITLES: readonly (readonly [ActionAreaCode, string])[] = [
  ['1.1', 'Enhancing knowledge and information'],
  ['1.2', 'Developing situation analyses on demand'],
  ['2.1', 'Raising awareness and spreading information'],
  ['2.2', 'Building capacities'],
  ['2.3', 'Changing men and boys’ perceptions of masculinity'],
  ['3.1', 'Sustaining community-wide processes to stigmatise sexual violence against children'],
  ['3.2', 'Transforming perceptions to stop victim blaming'],
  ['4.1', 'General Day of Discussion on Demand (Committee on the Rights of the Child)'],
  ['4.2', 'Analytical tool for state party reporting on demand (Committee on the Rights of the Child)'],
  ['4.3', 'Ratifying international and regional instruments and harmonising domestic laws'],
  ['4.4', 'Developing national laws that focus on demand'],
  ['4.5', 'Encouraging mandatory regulatory mechanisms where the private sector fails to act'],
  ['4.6', 'Mitigating barriers to the effective application of the law'],
  ['5.1', 'Developing local anti-SEC strategies'],
  ['5.2', 'Framing national and global strategies'],
  ['6A.1', 'Creating a safe and inclusive digital environment'],
  ['6B.1', 'Developing codes of conduct that address demand'],
  ['6B.2', 'Offering training to employees'],
  ['6B.3', 'Engaging the customers about the code'],
  ['6B.4', 'Exploring the use of ISO standards'],
  ['6C.1', 'Corporations developing internal policies to promote an anti-demand culture'],
  ['7.1', 'Strengthening monitoring and evaluation'],
  ['8.1', 'Empowering children to enhance their resilience to sexual harm'],
  ['8.2', 'Teaching children about online safety'],
  ['8.3', 'Encouraging children’s participation in measures against demand'],
  ['8.4', 'Raising awareness among peers'],
  ['8.5', 'Institutionalising participation in children’s councils and parliaments'],
];

export const ACTION_AREAS: readonly ActionArea[] = AREA_TITLES.map(([code, title]) => {
  const recommendation = code.slice(0, code.indexOf('.')) as RecommendationCode;
  return { code, strategy: recommendation.charAt(0) as StrategyCode, recommendation, title };
});

const BY_CODE = new Map<string, ActionArea>(ACTION_AREAS.map((a) => [a.code, a]));

/** Whether `code` is an action-area code of the seed (a type guard for untyped input). */
export function isActionAreaCode(code: string): code is ActionAreaCode {
  return BY_CODE.has(code);
}

/**
 * Look up an action area by its code.
 *
 * @throws Error when the code is not one of the seed's action areas.
 * @example
 * getActionArea('6B.1').title; // 'Developing codes of conduct that address demand'
 */
export function getActionArea(code: string): ActionArea {
  const area = BY_CODE.get(code);
  if (!area) throw new Error(`Unknown action-area code '${code}'`);
  return area;
}

/**
 * The groups the seed names as audiences or partners, with the action areas whose text names them.
 * Most come from 2.2's list of professionals; the rest from 2.1, 2.3, 3.1, 5.1, 6A.1 and 8.
 */
export const AUDIENCES = [
  { id: 'taxi-drivers', label: 'Taxi drivers', actionAreas: ['2.2'] },
  { id: 'tour-operators', label: 'Tour operators', actionAreas: ['2.2'] },
  { id: 'airport-staff', label: 'Airport staff', actionAreas: ['2.2'] },
  { id: 'hotel-staff', label: 'Hotel staff', actionAreas: ['2.2'] },
  { id: 'transport-staff', label: 'Transport business staff', actionAreas: ['2.2'] },
  { id: 'entertainment-sector', label: 'Entertainment sector', actionAreas: ['2.2', '5.1'] },
  { id: 'military', label: 'Military', actionAreas: ['2.2'] },
  { id: 'peacekeepers-humanitarian', label: 'Peacekeeping and humanitarian organisations', actionAreas: ['2.2'] },
  { id: 'ngos', label: 'NGOs', actionAreas: ['2.2'] },
  { id: 'law-enforcement', label: 'Law enforcement', actionAreas: ['2.1', '2.2', '4.6', '7.1'] },
  { id: 'sporting-event-organisers', label: 'Sporting event organisers', actionAreas: ['2.2'] },
  { id: 'child-welfare-staff', label: 'Orphanage and child welfare programme staff', actionAreas: ['2.2'] },
  { id: 'customs', label: 'Customs authorities', actionAreas: ['2.2'] },
  { id: 'social-service-staff', label: 'Social service personnel', actionAreas: ['2.1'] },
  { id: 'community-religious-leaders', label: 'Community and religious leaders', actionAreas: ['3.1', '5.1'] },
  { id: 'boys-men', label: 'Boys and men', actionAreas: ['2.3'] },
  { id: 'children-young-people', label: 'Children and young people', actionAreas: ['1.2', '2.1', '5.1', '6A.1', '8.1', '8.2', '8.3', '8.4', '8.5'] },
  { id: 'parents-teachers', label: 'Parents, families and teachers', actionAreas: ['2.1', '5.1'] },
  { id: 'travellers', label: 'Domestic and international travellers', actionAreas: ['2.1'] },
  { id: 'media', label: 'Media', actionAreas: ['1.2', '2.1'] },
  { id: 'research-organisations', label: 'Research organisations', actionAreas: ['1.2'] },
  { id: 'municipal-councils', label: 'Village and municipal councils', actionAreas: ['5.1'] },
  { id: 'isps', label: 'Internet service providers', actionAreas: ['6A.1'] },
  { id: 'private-sector', label: 'Private sector', actionAreas: ['2.2', '4.5', '6B.1', '6B.2', '6B.3', '6B.4', '6C.1'] },
  { id: 'policymakers', label: 'Policymakers', actionAreas: ['2.1', '4.1'] },
] as const satisfies readonly { id: string; label: string; actionAreas: readonly ActionAreaCode[] }[];

export type AudienceId = (typeof AUDIENCES)[number]['id'];
export type Audience = (typeof AUDIENCES)[number];

/** Audience ids as a tuple, for `z.enum(AUDIENCE_IDS)`. */
export const AUDIENCE_IDS = AUDIENCES.map((a) => a.id) as unknown as readonly [AudienceId, ...AudienceId[]];
