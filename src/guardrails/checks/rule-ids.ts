import { PavedRoadRule } from '../../core/rule-ids';

/** The rule ids of `PavedRoadChecks`, in the order they are applied. @internal */
export const PAVED_ROAD_RULE_IDS: readonly string[] = Object.values(PavedRoadRule);
