/*
 * `paved-road previews list | extend <branch> --hours <n> | destroy <branch>`: the printing and the exit codes
 * around previews.ts.
 */
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { destroyPreview, extendPreview, listPreviews, Preview, StackOutcome } from './previews';
import { ttlLimit } from './ttl';
import { now } from '../../src/core/clock';
import { CommandFailed, ExitCode, UsageError } from '../exit-codes';
import { Io, Style } from '../io';

export interface PreviewsOptions {
  readonly action: 'list' | 'extend' | 'destroy';
  readonly branch?: string;
  readonly hours?: number;
  readonly yes: boolean;
  readonly wait: boolean;
  readonly json: boolean;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function left(hours: number | undefined): string {
  if (hours === undefined) return 'never (expiry unreadable)';
  if (hours <= 0) return 'expired';
  const d = Math.floor(hours / 24);
  const h = Math.round(hours - d * 24);
  return d > 0 ? `${d}d ${h}h` : `${h}h`;
}

function renderList(previews: Preview[], style: Style): string {
  if (previews.length === 0) return 'no previews in this account and region\n';
  const rows = previews.map((p) => [p.branch, String(p.stacks.length), [...new Set(p.stacks.map((s) => s.status))].join(','), p.expiresAt ?? '-', left(p.hoursLeft)]);
  const head = ['BRANCH', 'STACKS', 'STATUS', 'EXPIRES', 'LEFT'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
  return [style.bold(line(head)), ...rows.map((r, i) => {
    const text = line(r);
    return previews[i].expired || previews[i].hoursLeft === undefined ? style.yellow(text) : text;
  })].join('\n') + '\n';
}

function renderOutcomes(outcomes: StackOutcome[], style: Style): string {
  return outcomes.map((o) => `  ${o.ok ? style.green('ok  ') : style.red('FAIL')}  ${o.stackName}: ${o.detail}`).join('\n') + '\n';
}

export async function runPreviews(options: PreviewsOptions, io: Io, style: Style, client: CloudFormationClient): Promise<ExitCode> {
  const limit = ttlLimit(io.cwd);
  try {
    if (options.action === 'list') {
      const previews = await listPreviews(client, now(), limit);
      io.stdout.write(options.json ? `${JSON.stringify({ previews, maxTtlHours: limit.maxHours }, undefined, 2)}\n` : renderList(previews, style));
      return ExitCode.OK;
    }
    const branch = options.branch!;
    if (options.action === 'extend') {
      const result = await extendPreview(client, branch, options.hours!, now(), limit);
      const ok = result.stacks.every((s) => s.ok);
      io.stdout.write(options.json ? `${JSON.stringify({ ok, ...result }, undefined, 2)}\n`
        : `preview of ${branch}: expires ${result.expiresAt} (was ${result.previousExpiry ?? 'unreadable'})\n${renderOutcomes(result.stacks, style)}`);
      return ok ? ExitCode.OK : ExitCode.FAILED;
    }
    if (!options.yes) {
      if (!io.stdinIsTTY) throw new UsageError(`destroy deletes every stack of the preview of ${branch}: pass --yes to confirm (stdin is not a terminal)`, 'previews destroy');
      const answer = await io.prompt(`Delete every stack of the preview of ${branch}? Type the branch to confirm: `);
      if (answer.trim() !== branch) {
        io.stderr.write('not confirmed: nothing deleted\n');
        return ExitCode.FAILED;
      }
    }
    const outcomes = await destroyPreview(client, branch, { wait: options.wait, pollMs: 5000, timeoutMs: 30 * 60_000, sleep });
    const ok = outcomes.every((o) => o.ok);
    io.stdout.write(options.json ? `${JSON.stringify({ ok, branch, stacks: outcomes }, undefined, 2)}\n` : `preview of ${branch}:\n${renderOutcomes(outcomes, style)}`);
    return ok ? ExitCode.OK : ExitCode.FAILED;
  } catch (e) {
    if (e instanceof UsageError || e instanceof CommandFailed) throw e;
    const err = e as Error;
    throw new CommandFailed(`CloudFormation: ${err.name}: ${err.message}` +
      (/region/i.test(err.message) ? ' (pass --region or set AWS_REGION)' : /credential/i.test(err.message) ? ' (pass --profile or configure credentials)' : ''));
  }
}
