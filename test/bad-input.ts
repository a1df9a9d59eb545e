/*
 * The shared parts of the bad-input batteries (test/bad-input-*.test.ts): values of every kind, the
 * wrong kinds for a prop, table rows, and the assertion that a refusal names the prop.
 */
import { validationError } from './nag';

/** A string as a regular expression that matches exactly it. */
export const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The words every refusal of a non-boolean uses. */
export const BOOLEAN = 'true or false';

/** True when one problem of the error is about `prop` (its own line, or a member of it: `credentials.username`). */
export function namesProp(problems: string[], prop: string): boolean {
  return problems.some((p) => p.startsWith(`${prop}:`) || p.startsWith(`${prop}.`));
}

/** Asserts that `build` is refused with a problem that names `prop` and says `allowed`. */
export function expectRefused(build: () => unknown, prop: string, allowed: string): void {
  const error = validationError(build);
  expect(error.problems).toContainEqual(expect.stringMatching(new RegExp(`^${escape(prop)}: .*${escape(allowed)}`)));
}

/** Values of every kind; each prop's table takes the ones of a kind it does not allow. */
export const KINDS = {
  number: 3,
  string: 'x',
  emptyString: '',
  boolean: true,
  object: { some: 'thing' },
  array: [],
  function: () => 'x',
  null: null,
} as const;
export type KindName = keyof typeof KINDS;

/** Every value of `KINDS` whose kind is not in `allowed`, as [kind, value]. */
export const wrongKinds = (...allowed: KindName[]) =>
  (Object.keys(KINDS) as KindName[]).filter((k) => !allowed.includes(k)).map((k) => [k, KINDS[k]] as [string, unknown]);

/** [case, props, prop named, allowed words]. */
export type Row = [string, Record<string, unknown>, string, string];

/** The rows refusing `prop` for every wrong kind and for each of `values`. */
export const rows = (prop: string, words: string, allowed: KindName[], values: Array<[string, unknown]> = []): Row[] => [
  ...wrongKinds(...allowed).map(([k, value]): Row => [`${prop} as ${k}`, { [prop]: value }, prop, words]),
  ...values.map(([label, value]): Row => [`${prop} ${label}`, { [prop]: value }, prop, words]),
];

/** Numbers no prop accepts, and a number written as a string. */
export const NUMBERS: Array<[string, unknown]> = [['NaN', NaN], ['Infinity', Infinity], ['-Infinity', -Infinity], ['a numeric string', '3']];
