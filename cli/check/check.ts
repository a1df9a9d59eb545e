/*
 * `paved-road check`: synthesizes the app once, with its guardrails, into a fresh directory and prints one
 * summary for every stage (findings by stage and rule, acknowledgments, cost per stack against budgets).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { readAssembly } from './assembly';
import { renderSummary } from './render';
import { CheckSummary, summarize } from './summary';
import { missingLookups, synthesize } from './synth';
import { isRefusal, parseRefusal } from './synth-output';
import { CommandFailed, ExitCode, UsageError } from '../exit-codes';
import { Io, Style } from '../io';
import { Progress } from '../progress';

export interface CheckOptions {
  readonly app?: string;
  readonly profile?: string;
  readonly context?: string[];
  /** Keep the cloud assembly in this directory (new or empty); default: a temporary one, removed afterwards. */
  readonly output?: string;
  readonly json: boolean;
  /** Print everything the synthesis printed. */
  readonly verbose: boolean;
}

/** The last lines of a synthesis's output, for an error that is not the guardrails'. */
function tail(text: string, lines = 40): string {
  const all = text.trimEnd().split(/\r?\n/);
  return (all.length > lines ? ['...', ...all.slice(-lines)] : all).map((l) => `  ${l}`).join('\n');
}

function outputDirectory(cwd: string, output?: string): { dir: string; temporary: boolean } {
  if (output === undefined) return { dir: fs.mkdtempSync(path.join(os.tmpdir(), 'paved-road-check-')), temporary: true };
  const dir = path.resolve(cwd, output);
  if (fs.existsSync(dir) && fs.readdirSync(dir).length > 0) {
    throw new UsageError(`--output ${output}: ${dir} is not empty; check writes a fresh cloud assembly (give a new or empty directory)`, 'check');
  }
  return { dir, temporary: false };
}

export async function runCheck(options: CheckOptions, io: Io, style: Style): Promise<{ summary: CheckSummary; exitCode: ExitCode }> {
  const { dir, temporary } = outputDirectory(io.cwd, options.output);
  const progress = new Progress(io.stderr, 'paved-road check: synthesizing');
  try {
    const run = await synthesize({
      app: options.app,
      profile: options.profile,
      context: options.context,
      cwd: io.cwd,
      outdir: dir,
      env: io.env,
      onStart: (command) => progress.start(`with ${command}`),
      onTick: (ms) => progress.tick(ms),
    });
    progress.stop();
    if (options.verbose) io.stderr.write(run.output);
    const refusal = parseRefusal(run.output);
    if (run.exitCode !== 0 && !isRefusal(refusal)) {
      throw new CommandFailed(`the app failed to synthesize (exit code ${run.exitCode}; ${run.command}), and not because of the guardrails:\n${tail(run.output)}`);
    }
    const notes: string[] = [];
    const missing = run.via === 'app' ? missingLookups(dir) : [];
    if (missing.length > 0) {
      notes.push(`the app needs context lookups the aws-cdk CLI does (${missing.slice(0, 3).join(', ')}${missing.length > 3 ? ', ...' : ''}); ` +
        'install aws-cdk in the project (npm install -D aws-cdk) so check synthesizes through it, or run `npx cdk synth` once to fill cdk.context.json');
    }
    if (options.output) notes.push(`cloud assembly kept in ${dir}`);
    const summary = summarize({
      app: run.command,
      synthesizedWith: run.via === 'cdk' ? 'aws-cdk CLI' : 'the app command, without the aws-cdk CLI',
      exitCode: run.exitCode,
      durationMs: run.durationMs,
      assemblies: readAssembly(dir),
      refusal,
      notes,
    });
    io.stdout.write(options.json ? `${JSON.stringify(summary, undefined, 2)}\n` : renderSummary(summary, style));
    return { summary, exitCode: summary.ok ? ExitCode.OK : ExitCode.FINDINGS };
  } finally {
    progress.stop();
    if (temporary) fs.rmSync(dir, { recursive: true, force: true });
  }
}
