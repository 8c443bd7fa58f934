/**
 * What the theory of change calls for in one area (issue 10): its risk factors — the site
 * categories found inside it and its borderland share — mapped to action areas and audiences by
 * the taxonomy (`suggestActionAreas`), each with the factor values that triggered it, marked
 * covered when an intervention of that action area already targets the area, and ready to become
 * a draft intervention in one step.
 */
import { getActionArea, type ActionAreaCode, type AudienceId } from './action-areas';
import { suggestActionAreas } from './taxonomy';
import type { InterventionInput } from './interventions';

/** One factor that called for action: a site category's count, or the borderland share. */
export interface SuggestionTrigger {
  /** A taxonomy category id, or 'borderland'. */
  id: string;
  factor: 'sites-count' | 'borderland-share';
  /** The count (as the viewer may see it) or the share 0–1; null when shown as `<below`. */
  value: number | null;
  /** A protected count: between 1 and below − 1. */
  below?: number;
  /** A protected count rounded down to a multiple of this. */
  roundedTo?: number;
}

export interface InterventionSuggestion {
  code: ActionAreaCode;
  title: string;
  audiences: AudienceId[];
  because: SuggestionTrigger[];
  /** Interventions (ids) of this action area that already target the area. */
  coveredBy: string[];
  /** A draft for `interventions.create`: planned, targeting the area. */
  draft: InterventionInput;
}

export interface SuggestionInput {
  area: { boundarySetId: string; code: string; name: string };
  /** Site categories with at least one site inside the area (the value as shown to the viewer). */
  sites: SuggestionTrigger[];
  /** The area's share inside the borderland zone, 0–1 (undefined when not known). */
  borderlandShare?: number;
  /** Action-area code → interventions of that code already targeting the area. */
  covered: ReadonlyMap<string, string[]>;
}

/**
 * The action areas an area calls for, most called-for first, with why and what covers them.
 *
 * @example
 * suggestForArea({ area: { boundarySetId: 's', code: 'A', name: 'A' }, sites: [{ id: 'internet-cafe', factor: 'sites-count', value: 3 }], covered: new Map() })
 *   .map((s) => s.code); // ['5.1', '6A.1', '8.2']
 */
export function suggestForArea(input: SuggestionInput): InterventionSuggestion[] {
  const triggers = new Map<string, SuggestionTrigger>(input.sites.filter((s) => s.value === null || s.value > 0).map((s) => [s.id, s]));
  if (input.borderlandShare !== undefined && input.borderlandShare > 0) {
    triggers.set('borderland', { id: 'borderland', factor: 'borderland-share', value: input.borderlandShare });
  }
  return suggestActionAreas([...triggers.keys()]).map((s) => {
    const title = getActionArea(s.code).title;
    return {
      code: s.code,
      title,
      audiences: s.audiences,
      because: s.because.map((id) => triggers.get(id)!),
      coveredBy: input.covered.get(s.code) ?? [],
      draft: {
        title: `${title} — ${input.area.name}`,
        actionArea: s.code,
        audiences: s.audiences,
        targets: [{ kind: 'area', boundarySetId: input.area.boundarySetId, code: input.area.code }],
        status: 'planned',
      },
    };
  });
}
