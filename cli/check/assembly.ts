/*
 * Reads what a synthesis left in its cloud assembly directory, without aws-cdk-lib: per stage (the root
 * assembly and every nested `assembly-*` directory) the guardrails' report (`paved-road-guardrails.json`,
 * written with `report: true`), the cost report (`paved-road-cost.json`, with `cost: { estimate: true }` or a budget)
 * and the stacks of its manifest. Stages synthesize one by one, each writing its manifest and reports, before
 * the app validates: when the guardrails refuse, the stages' directories are complete and the root has no
 * manifest (the app's own stacks are not written). Only the files written are read (the directory is fresh
 * for each check).
 */
import * as fs from 'fs';
import * as path from 'path';

export const GUARDRAILS_REPORT = 'paved-road-guardrails.json';
export const COST_REPORT = 'paved-road-cost.json';
/** The name `check` shows for the app's own stacks (the root assembly). */
export const APP_STAGE = '(app)';

export interface Finding {
  readonly path: string;
  readonly rule: string;
  readonly message: string;
  /** `error` or `warning`. */
  readonly level: string;
}

export interface Acknowledgment {
  readonly path: string;
  readonly rule: string;
}

export interface StackCost {
  readonly stack: string;
  readonly monthlyUsd: number;
  readonly budgetUsd?: number;
  /** Per day (previews), and the daily budget a preview's cost per day is held to. */
  readonly dailyUsd?: number;
  readonly dailyBudgetUsd?: number;
  /** For the whole TTL (previews). */
  readonly ttlTotalUsd?: number;
  readonly unpriced: number;
}

/** A stack artifact of a manifest. */
export interface StackArtifact {
  readonly artifactId: string;
  readonly stackName: string;
  /** `aws://account/region`; `unknown-account` / `unknown-region` when environment-agnostic. */
  readonly environment: string;
  readonly templateFile: string;
  readonly requiresBootstrapStackVersion?: number;
  readonly bootstrapStackVersionSsmParameter?: string;
}

/** What one stage's directory holds. */
export interface StageAssembly {
  /** The stage's construct path (`Dev`, `Preview/preview-x-...`), or `(app)`. */
  readonly stage: string;
  readonly directory: string;
  /** Present when the stage finished synthesizing. */
  readonly stacks?: StackArtifact[];
  /** Present with `report: true`. */
  readonly guardrails?: {
    readonly profile?: string;
    readonly packs: string[];
    readonly strict?: boolean;
    readonly findings: Finding[];
    readonly acknowledgments: Acknowledgment[];
  };
  /** Present with `cost: { estimate: true }` or a budget. */
  readonly costs?: StackCost[];
}

function readJson(file: string): any {
  return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf-8')) : undefined;
}

const asArray = (v: unknown): any[] => (Array.isArray(v) ? v : []);

function stacksOf(manifest: any): StackArtifact[] {
  return Object.entries<any>(manifest?.artifacts ?? {})
    .filter(([, a]) => a?.type === 'aws:cloudformation:stack')
    .map(([id, a]) => ({
      artifactId: id,
      stackName: a.properties?.stackName ?? id,
      environment: String(a.environment ?? 'aws://unknown-account/unknown-region'),
      templateFile: String(a.properties?.templateFile ?? `${id}.template.json`),
      requiresBootstrapStackVersion: a.properties?.requiresBootstrapStackVersion,
      bootstrapStackVersionSsmParameter: a.properties?.bootstrapStackVersionSsmParameter,
    }));
}

function costsOf(report: any): StackCost[] | undefined {
  if (!report) return undefined;
  return asArray(report.stacks).map((s) => ({
    stack: String(s.stackName),
    monthlyUsd: Number(s.totalMonthlyUsd ?? 0),
    budgetUsd: typeof s.budgetUsd === 'number' ? s.budgetUsd : undefined,
    dailyUsd: typeof s.dailyUsd === 'number' ? s.dailyUsd : undefined,
    dailyBudgetUsd: typeof s.dailyBudgetUsd === 'number' ? s.dailyBudgetUsd : undefined,
    ttlTotalUsd: typeof s.ttlTotalUsd === 'number' ? s.ttlTotalUsd : undefined,
    unpriced: asArray(s.unpriced).length,
  }));
}

function guardrailsOf(report: any): StageAssembly['guardrails'] {
  if (!report) return undefined;
  return {
    profile: typeof report.profile === 'string' ? report.profile : undefined,
    packs: asArray(report.packs).map(String),
    strict: report.strict,
    findings: asArray(report.findings).map((f) => ({ path: String(f.path), rule: String(f.rule), message: String(f.message ?? ''), level: String(f.level ?? 'error') })),
    acknowledgments: asArray(report.acknowledgments).map((a) => ({ path: String(a.path), rule: String(a.rule) })),
  };
}

/** Every stage directory below `outdir` (the root first), each with what it holds. */
export function readAssembly(outdir: string): StageAssembly[] {
  const result: StageAssembly[] = [];
  const visit = (dir: string, fallbackName: string) => {
    const manifest = readJson(path.join(dir, 'manifest.json'));
    const report = readJson(path.join(dir, GUARDRAILS_REPORT));
    const stage = typeof report?.scope === 'string' && report.scope !== '' ? report.scope : fallbackName;
    result.push({
      stage,
      directory: dir,
      stacks: manifest ? stacksOf(manifest) : undefined,
      guardrails: guardrailsOf(report),
      costs: costsOf(readJson(path.join(dir, COST_REPORT))),
    });
    // Nested assemblies by directory (a failed synthesis writes no manifest that would list them).
    const nested = fs.existsSync(dir) ? fs.readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory() && e.name.startsWith('assembly-')) : [];
    const listed = Object.values<any>(manifest?.artifacts ?? {}).filter((a) => a?.type === 'cdk:cloud-assembly' && a.properties?.directoryName);
    const names = new Map<string, string>(listed.map((a) => [a.properties.directoryName, a.properties.displayName ?? a.properties.directoryName]));
    // In the manifest's order (the order the app created its stages), then any the manifest does not list
    // (all of them when the app's synthesis failed) in the order they synthesized: by their manifest's time.
    const order = (name: string) => {
      const i = listed.findIndex((a) => a.properties.directoryName === name);
      return i < 0 ? listed.length : i;
    };
    const written = (name: string) => {
      const file = path.join(dir, name, 'manifest.json');
      return fs.existsSync(file) ? fs.statSync(file).mtimeMs : Number.MAX_VALUE;
    };
    for (const e of nested.sort((a, b) => order(a.name) - order(b.name) || written(a.name) - written(b.name) || a.name.localeCompare(b.name))) {
      visit(path.join(dir, e.name), names.get(e.name) ?? e.name.replace(/^assembly-/, ''));
    }
  };
  visit(outdir, APP_STAGE);
  return result;
}
