/*
 * Runs one synthesis of the app into a directory of its own. Through the project's aws-cdk CLI when it is
 * installed (node_modules/.bin/cdk: context lookups, cdk.context.json and --profile work as in `cdk synth`),
 * else by running the app command itself with the context of cdk.json and cdk.context.json, as the CDK CLI
 * passes it (CDK_CONTEXT_JSON, CDK_OUTDIR); an app that needs a lookup then says so.
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { CommandFailed } from '../exit-codes';

export interface SynthOptions {
  /** The app command; default: `app` of cdk.json. */
  readonly app?: string;
  /** The AWS named profile for lookups (the CDK CLI's --profile, AWS_PROFILE otherwise). */
  readonly profile?: string;
  /** `key=value` context pairs (the CDK CLI's --context). */
  readonly context?: string[];
  readonly cwd: string;
  readonly outdir: string;
  readonly env: NodeJS.ProcessEnv;
  /** Called once with what runs, as a user would type it. */
  readonly onStart?: (command: string) => void;
  /** Called about every second with the time elapsed. */
  readonly onTick?: (elapsedMs: number) => void;
}

export interface SynthRun {
  /** What ran, as a user would type it. */
  readonly command: string;
  readonly via: 'cdk' | 'app';
  readonly exitCode: number;
  /** stdout and stderr, interleaved as they came. */
  readonly output: string;
  readonly durationMs: number;
}

/** node_modules/.bin/cdk in `dir` or a folder above it. */
export function findCdkCli(dir: string): string | undefined {
  let current = dir;
  for (;;) {
    const candidate = path.join(current, 'node_modules', '.bin', 'cdk');
    if (fs.existsSync(candidate)) return candidate;
    const parent = path.dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
}

/** cdk.json of the project, if any. */
export function readCdkJson(cwd: string): { app?: string; context?: Record<string, unknown> } | undefined {
  const file = path.join(cwd, 'cdk.json');
  if (!fs.existsSync(file)) return undefined;
  try {
    return JSON.parse(fs.readFileSync(file, 'utf-8'));
  } catch (e) {
    throw new CommandFailed(`${file} is not valid JSON: ${(e as Error).message}`);
  }
}

function contextPairs(pairs: string[] = []): Record<string, string> {
  return Object.fromEntries(pairs.map((p) => {
    const i = p.indexOf('=');
    return [p.slice(0, i), p.slice(i + 1)];
  }));
}

/** The context the CDK CLI would pass: cdk.json, then cdk.context.json (lookups), then --context. */
function mergedContext(cwd: string, pairs?: string[]): Record<string, unknown> {
  const fromCdkJson = readCdkJson(cwd)?.context ?? {};
  const lookupsFile = path.join(cwd, 'cdk.context.json');
  const lookups = fs.existsSync(lookupsFile) ? JSON.parse(fs.readFileSync(lookupsFile, 'utf-8')) : {};
  return { ...fromCdkJson, ...lookups, ...contextPairs(pairs) };
}

interface RunOptions {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly shell: boolean;
  readonly onTick?: (ms: number) => void;
}

function run(file: string, args: string[], options: RunOptions): Promise<{ exitCode: number; output: string; durationMs: number }> {
  const start = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { cwd: options.cwd, env: options.env, shell: options.shell, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString('utf-8')));
    child.stderr.on('data', (c: Buffer) => (output += c.toString('utf-8')));
    const timer = options.onTick ? setInterval(() => options.onTick!(performance.now() - start), 1000) : undefined;
    child.on('error', (e) => {
      if (timer) clearInterval(timer);
      reject(new CommandFailed(`could not start ${file}: ${e.message}`));
    });
    child.on('close', (code, signal) => {
      if (timer) clearInterval(timer);
      resolve({ exitCode: code ?? (signal ? 128 : 1), output, durationMs: performance.now() - start });
    });
  });
}

/** Synthesizes the app into `outdir` (which must be new or empty). */
export async function synthesize(options: SynthOptions): Promise<SynthRun> {
  const cdkJson = readCdkJson(options.cwd);
  const app = options.app ?? cdkJson?.app;
  if (!app) {
    throw new CommandFailed(`no app to synthesize: ${path.join(options.cwd, 'cdk.json')} ${cdkJson ? 'has no "app"' : 'does not exist'}; run in the app's directory or pass --app "<command>"`);
  }
  fs.mkdirSync(options.outdir, { recursive: true });
  const cdk = findCdkCli(options.cwd);
  if (cdk) {
    const args = ['synth', '--quiet', '--no-notices', '--output', options.outdir];
    if (options.app) args.push('--app', options.app);
    if (options.profile) args.push('--profile', options.profile);
    for (const pair of options.context ?? []) args.push('--context', pair);
    const command = `cdk ${args.map((a) => (/\s/.test(a) ? JSON.stringify(a) : a)).join(' ')}`;
    options.onStart?.(command);
    const r = await run(cdk, args, { cwd: options.cwd, env: options.env, shell: false, onTick: options.onTick });
    return { ...r, via: 'cdk', command };
  }
  const env: NodeJS.ProcessEnv = {
    ...options.env,
    CDK_OUTDIR: options.outdir,
    CDK_CONTEXT_JSON: JSON.stringify(mergedContext(options.cwd, options.context)),
    ...(options.profile ? { AWS_PROFILE: options.profile } : {}),
  };
  options.onStart?.(app);
  const r = await run(app, [], { cwd: options.cwd, env, shell: true, onTick: options.onTick });
  return { ...r, via: 'app', command: app };
}

/** Context lookups the app asked for and did not get (the manifest's `missing`), when run without the CDK CLI. */
export function missingLookups(outdir: string): string[] {
  const file = path.join(outdir, 'manifest.json');
  if (!fs.existsSync(file)) return [];
  const manifest = JSON.parse(fs.readFileSync(file, 'utf-8'));
  return (manifest.missing ?? []).map((m: { key: string }) => m.key);
}
