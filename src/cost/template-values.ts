import { PriceTable } from './price-table';

/** One resource of a CloudFormation template. @internal */
export interface TemplateResource {
  readonly Type: string;
  readonly Properties?: Record<string, any>;
  readonly Condition?: string;
  readonly Metadata?: Record<string, any>;
}

/** What a pricer knows: the template, the table, the hours and the stack's lifetime. @internal */
export interface PricingContext {
  readonly resources: Record<string, TemplateResource>;
  readonly parameters: Record<string, any>;
  readonly table: PriceTable;
  readonly hours: number;
  /** The lifetime of a preview stack in hours, when it has one. */
  readonly ttlHours?: number;
  /** Node types whose price the project gave (used as is: no Valkey discount on top). */
  readonly projectCacheNodeTypes: ReadonlySet<string>;
}

/** What a pricer says about a resource. @internal */
export type Priced =
  | { readonly kind: 'line'; readonly monthlyUsd: number; readonly formula: string; readonly assumptions: string[]; readonly usageBased?: boolean }
  | { readonly kind: 'unpriced'; readonly reason: string }
  | { readonly kind: 'free' };

/** A function that prices one resource type. @internal */
export type Pricer = (ctx: PricingContext, logicalId: string, props: Record<string, any>) => Priced;

/** A priced line. @internal */
export function line(monthlyUsd: number, formula: string, assumptions: string[] = [], usageBased = false): Priced {
  return { kind: 'line', monthlyUsd, formula, assumptions, usageBased };
}

/** An unpriced resource. @internal */
export function unpriced(reason: string): Priced {
  return { kind: 'unpriced', reason };
}

/** A free resource. @internal */
export const FREE: Priced = { kind: 'free' };

/**
 * The literal value of `v`: itself when it is a string, number or boolean; the default of a template
 * parameter it references (noting the assumption); otherwise undefined (an intrinsic function or
 * a pseudo parameter known only at deploy time).
 * @internal
 */
export function literal(ctx: PricingContext, v: unknown, assumptions?: string[]): string | number | boolean | undefined {
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const ref = (v as Record<string, unknown>).Ref;
    if (typeof ref === 'string') {
      const param = ctx.parameters[ref];
      const def = param?.Default;
      if (typeof def === 'string' || typeof def === 'number') {
        assumptions?.push(`parameter ${ref} takes its default ${JSON.stringify(def)}`);
        return def;
      }
    }
  }
  return undefined;
}

/** The number in `v` (a number or a numeric string), else undefined. @internal */
export function num(ctx: PricingContext, v: unknown, assumptions?: string[]): number | undefined {
  const l = literal(ctx, v, assumptions);
  if (typeof l === 'number') return Number.isFinite(l) ? l : undefined;
  if (typeof l === 'string' && l.trim() !== '' && Number.isFinite(Number(l))) return Number(l);
  return undefined;
}

/** The string in `v`, else undefined. @internal */
export function str(ctx: PricingContext, v: unknown, assumptions?: string[]): string | undefined {
  const l = literal(ctx, v, assumptions);
  return typeof l === 'string' ? l : undefined;
}

/** The boolean in `v` (a boolean or "true"/"false"), else undefined. @internal */
export function bool(ctx: PricingContext, v: unknown, assumptions?: string[]): boolean | undefined {
  const l = literal(ctx, v, assumptions);
  if (typeof l === 'boolean') return l;
  if (l === 'true' || l === 'false') return l === 'true';
  return undefined;
}

/** The logical id `v` points to with `Ref` or `Fn::GetAtt`, when that resource is in the template. @internal */
export function target(ctx: PricingContext, v: unknown): string | undefined {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
  const o = v as Record<string, unknown>;
  let id: unknown;
  if (typeof o.Ref === 'string') id = o.Ref;
  const getAtt = o['Fn::GetAtt'];
  if (Array.isArray(getAtt)) id = getAtt[0];
  else if (typeof getAtt === 'string') id = getAtt.split('.')[0];
  return typeof id === 'string' && ctx.resources[id] ? id : undefined;
}

/** Whether `v` contains a `Ref` or `Fn::GetAtt` to `logicalId`, at any depth. @internal */
export function mentions(v: unknown, logicalId: string): boolean {
  if (!v || typeof v !== 'object') return false;
  if (Array.isArray(v)) return v.some((x) => mentions(x, logicalId));
  const o = v as Record<string, unknown>;
  if (o.Ref === logicalId) return true;
  const getAtt = o['Fn::GetAtt'];
  if (Array.isArray(getAtt) && getAtt[0] === logicalId) return true;
  if (typeof getAtt === 'string' && getAtt.split('.')[0] === logicalId) return true;
  return Object.values(o).some((x) => mentions(x, logicalId));
}

/** The number of elements of `v` when it is a literal array, else undefined. @internal */
export function count(v: unknown): number | undefined {
  return Array.isArray(v) ? v.length : undefined;
}

/** The properties of the resource `id`. @internal */
export function propsOf(ctx: PricingContext, id: string): Record<string, any> {
  return ctx.resources[id]?.Properties ?? {};
}

/** `$0.04048`: a price with the digits it has, no trailing zeros beyond cents. @internal */
export function usd(x: number): string {
  const s = x.toFixed(6).replace(/0+$/, '');
  const [whole, frac = ''] = s.split('.');
  return `$${whole}.${frac.padEnd(2, '0')}`;
}

/** A quantity without trailing zeros: 0.25, 2, 1.5. @internal */
export function qty(x: number): string {
  return String(Math.round(x * 10000) / 10000);
}

/** `2 tasks`, `1 task`. @internal */
export function plural(n: number, word: string, words = `${word}s`): string {
  return `${qty(n)} ${n === 1 ? word : words}`;
}
