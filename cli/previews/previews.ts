/*
 * Previews through CloudFormation and the preview tag contract (PreviewTags): list them, extend one (a
 * tags-only UpdateStack with the previous template, parameters and role), destroy one (DeleteStack through its
 * own role, stacks that import from others first). Plain functions that take their client, like the reaper's.
 */
import {
  CloudFormationClient, DeleteStackCommand, DescribeStacksCommand, ListImportsCommand, Stack, UpdateStackCommand,
} from '@aws-sdk/client-cloudformation';
import { MIN_TTL_HOURS, TtlLimit } from './ttl';
import { isoSeconds, parseInstant } from '../../src/core/clock';
import { PreviewTags } from '../../src/preview/tag-keys';
import { CommandFailed, UsageError } from '../exit-codes';

/** PreviewEnvironment names every preview stack `preview-<branch part>-<stack>`; the reaper and its roles touch no other. */
export const PREVIEW_STACK_PREFIX = 'preview-';
const HOUR = 3_600_000;

export interface PreviewStack {
  readonly stackName: string;
  readonly stackId: string;
  readonly branch: string;
  readonly status: string;
  /** The tag as written; undefined when missing. */
  readonly expiresAt?: string;
  /** When the reaper deletes it: the tag's instant, capped at the last deployment plus the maximum ttl. Undefined: unreadable (never reaped). */
  readonly effectiveExpiry?: string;
  readonly lastChanged: string;
  readonly terminationProtection: boolean;
}

export interface Preview {
  readonly branch: string;
  readonly stacks: PreviewStack[];
  /** The earliest effective expiry of its stacks. */
  readonly expiresAt?: string;
  readonly expired: boolean;
  /** Hours left (negative once expired). */
  readonly hoursLeft?: number;
}

const tag = (s: Stack, key: string) => s.Tags?.find((t) => t.Key === key)?.Value;

/** Every top-level preview stack of the region (tagged, named preview-*), as the reaper sees them. */
export async function previewStacks(client: CloudFormationClient): Promise<Stack[]> {
  const stacks: Stack[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(new DescribeStacksCommand({ NextToken: token }));
    for (const s of page.Stacks ?? []) {
      if (tag(s, PreviewTags.PREVIEW) === 'true' && !s.ParentId && (s.StackName ?? '').startsWith(PREVIEW_STACK_PREFIX) && s.StackStatus !== 'DELETE_COMPLETE') stacks.push(s);
    }
    token = page.NextToken;
  } while (token);
  return stacks;
}

function describe(s: Stack, maxTtlHours: number): PreviewStack {
  const expiresAt = tag(s, PreviewTags.EXPIRES_AT);
  const expiry = expiresAt === undefined ? undefined : parseInstant(expiresAt);
  const changed = (s.LastUpdatedTime ?? s.CreationTime ?? new Date(0)).getTime();
  const effective = expiry === undefined ? undefined : Math.min(expiry.getTime(), changed + maxTtlHours * HOUR);
  return {
    stackName: s.StackName ?? '',
    stackId: s.StackId ?? s.StackName ?? '',
    branch: tag(s, PreviewTags.BRANCH) ?? '(no branch tag)',
    status: s.StackStatus ?? 'UNKNOWN',
    expiresAt,
    effectiveExpiry: effective === undefined ? undefined : isoSeconds(new Date(effective)),
    lastChanged: isoSeconds(new Date(changed)),
    terminationProtection: s.EnableTerminationProtection === true,
  };
}

/** The previews of the region, one per branch, soonest to expire first. */
export async function listPreviews(client: CloudFormationClient, now: Date, limit: TtlLimit): Promise<Preview[]> {
  const byBranch = new Map<string, PreviewStack[]>();
  for (const s of await previewStacks(client)) {
    const d = describe(s, limit.maxHours);
    byBranch.set(d.branch, [...(byBranch.get(d.branch) ?? []), d]);
  }
  const previews = [...byBranch.entries()].map(([branch, stacks]) => {
    const expiries = stacks.map((s) => s.effectiveExpiry).filter((e): e is string => e !== undefined).sort();
    const first = expiries[0];
    const hoursLeft = first === undefined ? undefined : Math.round(((Date.parse(first) - now.getTime()) / HOUR) * 10) / 10;
    const sorted = stacks.sort((a, b) => a.stackName.localeCompare(b.stackName));
    return { branch, stacks: sorted, expiresAt: first, expired: hoursLeft !== undefined && hoursLeft <= 0, hoursLeft };
  });
  // Soonest first (ISO instants in UTC compare as strings); unreadable expiries last.
  const key = (p: Preview) => p.expiresAt ?? '\uffff';
  return previews.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : a.branch.localeCompare(b.branch)));
}

/** The stacks of one branch's preview; a CommandFailed naming the branches that exist when there are none. */
async function stacksOf(client: CloudFormationClient, branch: string): Promise<Stack[]> {
  const all = await previewStacks(client);
  const mine = all.filter((s) => tag(s, PreviewTags.BRANCH) === branch);
  if (mine.length === 0) {
    const branches = [...new Set(all.map((s) => tag(s, PreviewTags.BRANCH)).filter(Boolean))].sort();
    throw new CommandFailed(`no preview of branch ${JSON.stringify(branch)} in this account and region` +
      (branches.length > 0 ? `; previews exist for: ${branches.join(', ')}` : '; there are no previews'));
  }
  return mine;
}

export interface StackOutcome {
  readonly stackName: string;
  readonly ok: boolean;
  readonly detail: string;
}

export interface ExtendResult {
  readonly branch: string;
  readonly previousExpiry?: string;
  readonly expiresAt: string;
  readonly stacks: StackOutcome[];
}

const errorText = (e: unknown) => `${(e as Error).name ?? 'Error'}: ${(e as Error).message ?? String(e)}`;

/**
 * Moves the preview's expiry `hours` later: from its current expiry, or from now when that has passed or is
 * unreadable. Refused (nothing changed) when the new expiry would be more than the maximum ttl from now: the
 * update is a deployment, and the reaper reaps at the latest the maximum ttl after the last one.
 */
export async function extendPreview(client: CloudFormationClient, branch: string, hours: number, now: Date, limit: TtlLimit): Promise<ExtendResult> {
  if (!Number.isFinite(hours) || hours < MIN_TTL_HOURS) throw new UsageError(`--hours ${hours} is not allowed; allowed: a number of hours, at least ${MIN_TTL_HOURS}`, 'previews extend');
  const stacks = await stacksOf(client, branch);
  const described = stacks.map((s) => describe(s, limit.maxHours));
  const current = described.map((d) => d.effectiveExpiry).filter((e): e is string => e !== undefined).sort()[0];
  const base = Math.max(now.getTime(), current === undefined ? 0 : Date.parse(current));
  const target = base + hours * HOUR;
  const latest = now.getTime() + limit.maxHours * HOUR;
  if (target > latest) {
    const allowed = Math.floor((latest - base) / HOUR);
    throw new UsageError(`--hours ${hours} would move the preview of ${branch} to ${isoSeconds(new Date(target))}, past ${limit.source} from now ` +
      `(${isoSeconds(new Date(latest))}); ${allowed >= MIN_TTL_HOURS ? `at most --hours ${allowed}` : 'it cannot be extended further now'}`, 'previews extend');
  }
  const expiresAt = isoSeconds(new Date(target));
  const outcomes: StackOutcome[] = [];
  for (const s of stacks) {
    const tags = (s.Tags ?? []).filter((t) => t.Key !== PreviewTags.EXPIRES_AT).concat([{ Key: PreviewTags.EXPIRES_AT, Value: expiresAt }]);
    try {
      await client.send(new UpdateStackCommand({
        StackName: s.StackId ?? s.StackName,
        UsePreviousTemplate: true,
        Parameters: (s.Parameters ?? []).map((p) => ({ ParameterKey: p.ParameterKey, UsePreviousValue: true })),
        Capabilities: s.Capabilities,
        // The preview's own CloudFormation role (the preview deploy role may pass no other).
        RoleARN: s.RoleARN,
        Tags: tags,
      }));
      outcomes.push({ stackName: s.StackName ?? '', ok: true, detail: `update started: ${PreviewTags.EXPIRES_AT}=${expiresAt}` });
    } catch (e) {
      outcomes.push({ stackName: s.StackName ?? '', ok: false, detail: `UpdateStack failed: ${errorText(e)}` });
    }
  }
  return { branch, previousExpiry: current, expiresAt, stacks: outcomes };
}

export interface DestroyOptions {
  /** Wait for each wave of deletions to finish before starting the next (stacks whose exports others import go last). */
  readonly wait: boolean;
  readonly pollMs: number;
  readonly timeoutMs: number;
  readonly sleep: (ms: number) => Promise<void>;
}

/** Waves of deletion: first the stacks no other stack of the preview imports from, then those they imported from. */
async function deletionWaves(client: CloudFormationClient, stacks: Stack[]): Promise<Stack[][]> {
  const importers = new Map<string, Set<string>>();
  for (const s of stacks) {
    const users = new Set<string>();
    for (const o of s.Outputs ?? []) {
      if (!o.ExportName) continue;
      try {
        let token: string | undefined;
        do {
          const page = await client.send(new ListImportsCommand({ ExportName: o.ExportName, NextToken: token }));
          for (const name of page.Imports ?? []) users.add(name);
          token = page.NextToken;
        } while (token);
      } catch (e) {
        if (!/is not imported by any stack/.test((e as Error).message ?? '')) throw e;
      }
    }
    importers.set(s.StackName ?? '', users);
  }
  const waves: Stack[][] = [];
  let left = [...stacks];
  while (left.length > 0) {
    const names = new Set(left.map((s) => s.StackName ?? ''));
    const wave = left.filter((s) => ![...importers.get(s.StackName ?? '') ?? []].some((user) => names.has(user) && user !== s.StackName));
    const next = wave.length > 0 ? wave : left; // a cycle cannot be deployed; delete what is left together
    waves.push(next);
    left = left.filter((s) => !next.includes(s));
  }
  return waves;
}

async function waitForDeletion(client: CloudFormationClient, stack: Stack, options: DestroyOptions): Promise<StackOutcome> {
  let waited = 0;
  for (;;) {
    const page = await client.send(new DescribeStacksCommand({ StackName: stack.StackId ?? stack.StackName }));
    const status = page.Stacks?.[0]?.StackStatus ?? 'DELETE_COMPLETE';
    if (status === 'DELETE_COMPLETE') return { stackName: stack.StackName ?? '', ok: true, detail: 'deleted' };
    if (status === 'DELETE_FAILED') return { stackName: stack.StackName ?? '', ok: false, detail: `DELETE_FAILED: ${page.Stacks?.[0]?.StackStatusReason ?? 'see the stack events'}` };
    if (waited >= options.timeoutMs) return { stackName: stack.StackName ?? '', ok: false, detail: `still ${status} after ${Math.round(waited / 1000)} s` };
    await options.sleep(options.pollMs);
    waited += options.pollMs;
  }
}

/** Deletes every stack of the preview through its own role; termination-protected stacks are reported, not touched. */
export async function destroyPreview(client: CloudFormationClient, branch: string, options: DestroyOptions): Promise<StackOutcome[]> {
  const stacks = await stacksOf(client, branch);
  const outcomes: StackOutcome[] = [];
  const deletable = stacks.filter((s) => {
    if (!s.EnableTerminationProtection) return true;
    outcomes.push({ stackName: s.StackName ?? '', ok: false, detail: 'termination protection is on: turn it off (previews must stay deletable) to delete it' });
    return false;
  });
  for (const wave of await deletionWaves(client, deletable)) {
    const started: Stack[] = [];
    for (const s of wave) {
      try {
        await client.send(new DeleteStackCommand({ StackName: s.StackId ?? s.StackName, RoleARN: s.RoleARN }));
        started.push(s);
      } catch (e) {
        outcomes.push({ stackName: s.StackName ?? '', ok: false, detail: `DeleteStack failed: ${errorText(e)}` });
      }
    }
    if (!options.wait) {
      outcomes.push(...started.map((s) => ({ stackName: s.StackName ?? '', ok: true, detail: 'deletion started' })));
      continue;
    }
    const results = await Promise.all(started.map((s) => waitForDeletion(client, s, options)));
    outcomes.push(...results);
    if (results.some((r) => !r.ok)) break; // what is left imports from a stack that is still there
  }
  const done = new Set(outcomes.map((o) => o.stackName));
  for (const s of deletable) if (!done.has(s.StackName ?? '')) outcomes.push({ stackName: s.StackName ?? '', ok: false, detail: 'not deleted: a stack it exports to is still there' });
  return outcomes;
}
