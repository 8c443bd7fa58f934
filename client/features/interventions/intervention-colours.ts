/**
 * Colours of the interventions layer and its legend, from the Okabe–Ito palette (distinct for
 * the common forms of colour blindness): one per strategy, or one per status.
 */
import { okabeIto, type Rgb } from '../../lib/colours';
import { STRATEGY_CODES, type StrategyCode } from '../../../server/domain/action-areas';
import { INTERVENTION_STATUSES, type InterventionStatus } from '../../../server/domain/interventions';

export type ColourBy = 'strategy' | 'status';

// eight strategies, eight colours; yellow last (the countries are washed in it)
export const STRATEGY_COLOURS: Record<StrategyCode, Rgb> = {
  '1': okabeIto.skyBlue,
  '2': okabeIto.vermillion,
  '3': okabeIto.bluishGreen,
  '4': okabeIto.black,
  '5': okabeIto.blue,
  '6': okabeIto.orange,
  '7': okabeIto.reddishPurple,
  '8': okabeIto.yellow,
};

// from weakest commitment to done; cancelled in grey (it covers nothing)
export const STATUS_COLOURS: Record<InterventionStatus, Rgb> = {
  planned: okabeIto.skyBlue,
  ongoing: okabeIto.blue,
  completed: okabeIto.bluishGreen,
  cancelled: [150, 150, 150],
};

/** The colour of one intervention under the chosen styling. */
export function interventionColour(item: { strategy: StrategyCode; status: InterventionStatus }, by: ColourBy): Rgb {
  return by === 'strategy' ? STRATEGY_COLOURS[item.strategy] : STATUS_COLOURS[item.status];
}

/** The legend's entries: every strategy or every status, in order. */
export function legendEntries(by: ColourBy): { key: string; colour: Rgb }[] {
  return by === 'strategy'
    ? STRATEGY_CODES.map((key) => ({ key, colour: STRATEGY_COLOURS[key] }))
    : INTERVENTION_STATUSES.map((key) => ({ key, colour: STATUS_COLOURS[key] }));
}
