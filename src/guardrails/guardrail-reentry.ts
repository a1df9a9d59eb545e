import type { PavedRoadGuardrailsOptions } from './guardrail-options';
import type { GuardrailSettings } from './guardrail-resolution';
import { PropValidator } from '../core/validation';

/**
 * The settings each option decides. A mapped type over every option, so that a new option cannot be
 * left out of the comparison of a second `enforce` with the first.
 */
const DECIDES: { readonly [K in keyof Required<PavedRoadGuardrailsOptions>]: readonly (keyof GuardrailSettings)[] } = {
  profile: ['profile'],
  packs: ['packs'],
  additionalPacks: ['packs'],
  packExceptions: ['packs', 'packExceptions'],
  strict: ['strict'],
  report: ['report'],
  mandatoryRules: ['mandatoryRules'],
  requireCostCenter: ['requireCostCenter'],
  previewMaxTtlHours: ['previewMaxTtlHours'],
  guard: ['guard'],
  guardDisabledRules: ['guardDisabledRules'],
  cost: ['cost'],
  verbose: ['verbose'],
};

/** A value in a form where equal settings are equal strings: object keys and list items sorted (every list option is a set). */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).sort().join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}

/** The options that are given (not undefined). @internal */
export function givenOptions(options: PavedRoadGuardrailsOptions): PavedRoadGuardrailsOptions {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
}

/**
 * Records a problem for each option of a second `enforce` on a scope that would change what the first
 * one applies.
 * @param first the settings in place
 * @param again the settings of the first call's options with the second call's given options over them
 *        (options the second call leaves out keep the first call's values)
 * @internal
 */
export function conflictingOptions(v: PropValidator, scopePath: string, first: GuardrailSettings, options: PavedRoadGuardrailsOptions,
  again: GuardrailSettings): void {
  for (const [option, value] of Object.entries(givenOptions(options))) {
    const settings = DECIDES[option as keyof PavedRoadGuardrailsOptions];
    if (!settings) continue;
    const differing = settings.filter((s) => canonical(first[s]) !== canonical(again[s]));
    if (differing.length === 0) continue;
    v.fail(option, value, `what the PavedRoadGuardrails already enforced on '${scopePath}' apply (${differing.map((s) => `${s}: ${canonical(first[s])}`).join('; ')}): ` +
      'give every option to the first enforce, or call enforce again with the same options or none');
  }
}

/**
 * What `wanted` checks that `existing` does not, in words; empty when `existing` checks at least as
 * much. Packs that `existing` removed with an exception (on record, with a reason) do not count.
 * @internal
 */
export function checksLess(existing: GuardrailSettings, wanted: GuardrailSettings): string[] {
  const removed = existing.packExceptions.map((e) => e.pack);
  const packs = wanted.packs.filter((p) => !existing.packs.includes(p) && !removed.includes(p));
  const rules = wanted.mandatoryRules.filter((r) => !existing.mandatoryRules.includes(r));
  const less = [
    ...packs.length > 0 ? [`packs ${packs.join(', ')}`] : [],
    ...rules.length > 0 ? [`mandatory rules ${rules.join(', ')}`] : [],
    ...(['strict', 'requireCostCenter', 'guard'] as const).filter((flag) => wanted[flag] && !existing[flag]),
  ];
  if (wanted.previewMaxTtlHours < existing.previewMaxTtlHours) less.push(`previewMaxTtlHours ${wanted.previewMaxTtlHours}`);
  return less;
}
