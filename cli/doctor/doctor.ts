/*
 * `paved-road doctor`: what stands between this app and a clean synth and deploy, one line per check.
 */
import * as path from 'path';
import { bootstrapChecks, CloudFormationFactory } from './bootstrap-check';
import { contextChecks, DoctorCheck, environmentChecks, nodeCheck, packageChecks } from './project-checks';
import { ExitCode } from '../exit-codes';
import { Io, Style } from '../io';
import { LibraryFacts } from '../library';

export interface DoctorOptions {
  readonly profile?: string;
  /** The cloud assembly to read (default cdk.out). */
  readonly output?: string;
  readonly offline: boolean;
  /** Warnings are problems too. */
  readonly strict: boolean;
  readonly json: boolean;
}

export interface DoctorReport {
  readonly ok: boolean;
  readonly checks: DoctorCheck[];
}

export async function runDoctor(
  options: DoctorOptions, io: Io, style: Style, library: LibraryFacts, cloudFormation: CloudFormationFactory, nodeVersion: string,
): Promise<{ report: DoctorReport; exitCode: ExitCode }> {
  const outdir = path.resolve(io.cwd, options.output ?? 'cdk.out');
  const checks = [
    ...nodeCheck(nodeVersion, library, io.cwd),
    ...packageChecks(io.cwd, library),
    ...contextChecks(io.cwd),
    ...environmentChecks(outdir),
    ...await bootstrapChecks({ outdir, cwd: io.cwd, profile: options.profile, env: io.env, offline: options.offline, cloudFormation }),
  ];
  const problems = checks.filter((c) => c.status === 'fail' || (options.strict && c.status === 'warn'));
  const report = { ok: problems.length === 0, checks };
  if (options.json) {
    io.stdout.write(`${JSON.stringify(report, undefined, 2)}\n`);
  } else {
    const mark = { ok: style.green('ok  '), warn: style.yellow('warn'), fail: style.red('FAIL'), skip: style.dim('skip') };
    const width = Math.max(...checks.map((c) => c.check.length));
    const lines = checks.map((c) => `${mark[c.status]}  ${c.check.padEnd(width)}  ${c.detail}${c.fix && c.status !== 'ok' ? style.dim(`\n      ${' '.repeat(width)}  -> ${c.fix}`) : ''}`);
    const warnings = checks.filter((c) => c.status === 'warn').length;
    const failures = checks.filter((c) => c.status === 'fail').length;
    lines.push('', report.ok
      ? `${style.green('no problems')}${warnings > 0 ? ` (${warnings} warning${warnings === 1 ? '' : 's'})` : ''}`
      : `${style.red(`${problems.length} problem${problems.length === 1 ? '' : 's'}`)} (${failures} failed, ${warnings} warning${warnings === 1 ? '' : 's'}${options.strict ? ', --strict' : ''})`);
    io.stdout.write(`${lines.join('\n')}\n`);
  }
  return { report, exitCode: report.ok ? ExitCode.OK : ExitCode.FINDINGS };
}
