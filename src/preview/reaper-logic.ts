/*
 * The PreviewReaper's logic: plain functions that take their AWS SDK v3 clients as parameters.
 * No aws-cdk-lib here: this file is bundled into the reaper's Lambda handler.
 */
// The SDK clients are devDependencies on purpose: esbuild bundles them into the handler at build time.
import {
  CloudFormationClient, DeleteStackCommand, DescribeStackEventsCommand, DescribeStacksCommand, Stack, StackEvent,
} from '@aws-sdk/client-cloudformation';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { DEFAULT_RETRY, RetryOptions, withRetry } from './reaper-retry';
import { PreviewTags } from './tag-keys';

const PREVIEW_TAG = PreviewTags.PREVIEW;
const PREVIEW_BRANCH_TAG = PreviewTags.BRANCH;
const PREVIEW_EXPIRES_AT_TAG = PreviewTags.EXPIRES_AT;

/** What one reaper pass needs besides its clients. */
export interface ReaperConfig {
  /** The CloudFormation service role every DeleteStack passes. */
  readonly deletionRoleArn: string;
  /** Topic for reports; nothing is published without it. */
  readonly topicArn?: string;
  /** Report what would be deleted and delete nothing. */
  readonly dryRun: boolean;
  /** Warn this many milliseconds before a preview expires. */
  readonly warnBeforeMs: number;
  /** Milliseconds between two scheduled passes: a notice is sent by the one pass whose window holds its moment. */
  readonly intervalMs: number;
  /**
   * The platform's longest ttl in milliseconds: a preview expires at the latest this long after its last deployment,
   * whatever its tag says (a hand-edited far-future expiry does not keep it alive). Unset: the tag alone decides.
   */
  readonly maxTtlMs?: number;
  /** The time of this pass. */
  readonly now: Date;
}

/** The clients a pass uses. */
export interface ReaperClients {
  readonly cloudFormation: CloudFormationClient;
  readonly sns: SNSClient;
}

/** One stack the pass did something about (or would have). */
export interface StackNote {
  readonly stackName: string;
  readonly branch?: string;
  readonly expiresAt?: string;
  readonly status?: string;
  readonly detail?: string;
}

/** What one pass did: returned by the handler and logged. */
export interface ReaperReport {
  readonly dryRun: boolean;
  /** Stacks seen (every page). */
  scanned: number;
  /** Stacks carrying `paved-road:preview=true`. */
  previews: number;
  /** Deletions started (first attempts). */
  readonly deleted: StackNote[];
  /** Deletions retried after DELETE_FAILED. */
  readonly retried: StackNote[];
  /** Expired previews a dry run would delete. */
  readonly wouldDelete: StackNote[];
  /** Previews not yet expired. */
  notExpired: number;
  /** Expired previews kept because termination protection is on. */
  readonly protected: StackNote[];
  /** Previews in a status where deletion cannot start. */
  readonly inProgress: StackNote[];
  /** Nested stacks, left to their parents. */
  nested: number;
  /** Previews whose expiry tag is missing or unparsable. */
  readonly invalidExpiry: StackNote[];
  /** Previews in DELETE_FAILED this pass. */
  readonly deleteFailed: StackNote[];
  /** Previews expiring within warnBefore that were warned this pass. */
  readonly warned: StackNote[];
  /** Messages published this pass. */
  published: number;
  /** Calls that failed after their retries, per stack. */
  readonly errors: StackNote[];
  /** API calls made, by operation (retries included). */
  readonly apiCalls: { [operation: string]: number };
}

/** Parses an ISO-8601 UTC timestamp as written by PreviewEnvironment; undefined when it is not one. */
export function parseExpiry(value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  // A full date and time with seconds and an explicit UTC designator: nothing ambiguous is guessed.
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/.test(value.trim())) return undefined;
  const t = Date.parse(value.trim());
  return Number.isNaN(t) ? undefined : new Date(t);
}

function tagOf(stack: Stack, key: string): string | undefined {
  return stack.Tags?.find((t) => t.Key === key)?.Value;
}

function noteOf(stack: Stack, detail?: string): StackNote {
  return {
    stackName: stack.StackName ?? stack.StackId ?? '(unnamed)',
    branch: tagOf(stack, PREVIEW_BRANCH_TAG),
    expiresAt: tagOf(stack, PREVIEW_EXPIRES_AT_TAG),
    status: stack.StackStatus,
    ...(detail ? { detail } : {}),
  };
}

/** Time the stack last changed (created or updated). */
function changedAt(stack: Stack): number {
  return (stack.LastUpdatedTime ?? stack.CreationTime ?? new Date(0)).getTime();
}

/** Whether `moment` falls in this pass's window (now - interval, now]: exactly one scheduled pass sees it. */
function inWindow(moment: number, config: ReaperConfig): boolean {
  const now = config.now.getTime();
  return moment <= now && moment > now - config.intervalMs;
}

/** Whether the status lets a deletion start (no operation in progress). */
export function deletionCanStart(status: string | undefined): boolean {
  return status !== undefined && !status.endsWith('_IN_PROGRESS') && status !== 'DELETE_COMPLETE';
}

/** A call counter wrapped around the retrying sender. */
class Caller {
  constructor(private readonly report: ReaperReport, private readonly retry: RetryOptions) {}

  public call<T>(operation: string, fn: () => Promise<T>): Promise<T> {
    return withRetry(() => {
      this.report.apiCalls[operation] = (this.report.apiCalls[operation] ?? 0) + 1;
      return fn();
    }, this.retry);
  }
}

function emptyReport(dryRun: boolean): ReaperReport {
  return {
    dryRun,
    scanned: 0,
    previews: 0,
    deleted: [],
    retried: [],
    wouldDelete: [],
    notExpired: 0,
    protected: [],
    inProgress: [],
    nested: 0,
    invalidExpiry: [],
    deleteFailed: [],
    warned: [],
    published: 0,
    errors: [],
    apiCalls: {},
  };
}

/**
 * The stack-level DELETE_FAILED events of the latest deletion attempts and the resources that failed in the
 * latest one, from the newest page of events (newest first).
 */
export function summarizeDeleteFailure(stack: Stack, events: StackEvent[]):
{ failures: number; firstFailure: boolean; reasons: string[] } {
  const stackLevel = (e: StackEvent) => e.LogicalResourceId === stack.StackName && e.ResourceType === 'AWS::CloudFormation::Stack';
  let failures = 0;
  let reachedStart = false;
  for (const e of events) {
    if (!stackLevel(e)) continue;
    if (e.ResourceStatus === 'DELETE_FAILED') {failures++;} else if (e.ResourceStatus && !e.ResourceStatus.startsWith('DELETE_')) {
      reachedStart = true;
      break;
    }
  }
  // The resources that failed in the latest attempt: events newer than the latest stack-level DELETE_IN_PROGRESS.
  const reasons: string[] = [];
  for (const e of events) {
    if (stackLevel(e) && e.ResourceStatus === 'DELETE_IN_PROGRESS') break;
    if (!stackLevel(e) && e.ResourceStatus === 'DELETE_FAILED') {
      reasons.push(`${e.LogicalResourceId} (${e.ResourceType}): ${e.ResourceStatusReason ?? 'no reason given'}`);
    }
  }
  // Reported once: on the pass that sees the first failure. When the page ends before the deletion's start,
  // earlier failures may lie beyond it, so it is not called the first.
  return { failures, firstFailure: failures === 1 && (reachedStart || events.length < 100), reasons };
}

async function publish(
  caller: Caller, clients: ReaperClients, config: ReaperConfig, report: ReaperReport, subject: string, body: object,
): Promise<void> {
  if (!config.topicArn) return;
  await caller.call('SNS.Publish', () => clients.sns.send(new PublishCommand({
    TopicArn: config.topicArn,
    Subject: subject.slice(0, 100),
    Message: JSON.stringify(body, undefined, 2),
  })));
  report.published++;
}

function extendHint(note: StackNote): string {
  return `Redeploy the preview (for example \`cdk deploy -c branch=${note.branch ?? '<branch>'}\`, or push to the pull request) to extend ` +
    `${PREVIEW_EXPIRES_AT_TAG} by its ttl; close or merge the pull request to delete it now.`;
}

/** Handles one preview stack. Errors of one stack never stop the pass. */
async function handlePreview(stack: Stack, clients: ReaperClients, config: ReaperConfig, report: ReaperReport, caller: Caller): Promise<void> {
  let note = noteOf(stack);
  const expiry = parseExpiry(note.expiresAt);
  if (!expiry) {
    const detail = note.expiresAt === undefined ? `tag ${PREVIEW_EXPIRES_AT_TAG} is missing` : `tag ${PREVIEW_EXPIRES_AT_TAG} is not an ISO-8601 UTC timestamp`;
    report.invalidExpiry.push({ ...note, detail });
    // Reported when the stack was created or last updated in this pass's window (once), logged every pass.
    if (inWindow(changedAt(stack), config)) {
      await publish(caller, clients, config, report, `Preview ${note.stackName}: expiry unreadable, never reaped`, {
        event: 'invalid-expiry',
        ...note,
        detail,
        action: `Redeploy it with PreviewEnvironment, or delete it by hand: the reaper never deletes a stack whose ${PREVIEW_EXPIRES_AT_TAG} it cannot read.`,
      });
    }
    return;
  }

  const now = config.now.getTime();
  const capped = config.maxTtlMs !== undefined && expiry.getTime() > changedAt(stack) + config.maxTtlMs;
  const expiresAt = capped ? changedAt(stack) + config.maxTtlMs! : expiry.getTime();
  if (capped) note = { ...note, detail: `${PREVIEW_EXPIRES_AT_TAG} lies beyond the platform's maximum ttl; expires ${new Date(expiresAt).toISOString()}` };
  if (expiresAt > now) {
    report.notExpired++;
    const warnAt = expiresAt - config.warnBeforeMs;
    // Warn once: on the pass whose window holds the warning moment, or, for a preview deployed (or redeployed)
    // already inside the warning period, on the pass right after that deployment.
    const deployedLate = warnAt <= now && inWindow(changedAt(stack), config) && changedAt(stack) >= warnAt;
    if (inWindow(warnAt, config) || deployedLate) {
      report.warned.push(note);
      await publish(caller, clients, config, report, `Preview ${note.stackName} expires at ${note.expiresAt}`, {
        event: 'expiry-warning', ...note, howToExtend: extendHint(note),
      });
    }
    return;
  }

  if (stack.EnableTerminationProtection) {
    report.protected.push({ ...note, detail: 'termination protection is on' });
    if (inWindow(expiresAt, config)) {
      await publish(caller, clients, config, report, `Preview ${note.stackName} expired but is protected`, {
        event: 'expired-protected', ...note, action: 'Turn termination protection off (previews must stay deletable) or delete the stack by hand.',
      });
    }
    return;
  }
  if (!deletionCanStart(stack.StackStatus)) {
    report.inProgress.push(note);
    return;
  }

  const failed = stack.StackStatus === 'DELETE_FAILED';
  if (failed) {
    report.deleteFailed.push(note);
    const events = await caller.call('CloudFormation.DescribeStackEvents', () => clients.cloudFormation.send(
      new DescribeStackEventsCommand({ StackName: stack.StackId ?? stack.StackName })));
    const summary = summarizeDeleteFailure(stack, events.StackEvents ?? []);
    if (summary.firstFailure) {
      await publish(caller, clients, config, report, `Preview ${note.stackName}: deletion failed`, {
        event: 'delete-failed',
        ...note,
        failedResources: summary.reasons,
        action: config.dryRun ? 'Dry run: no retry.' : 'The reaper retries on every pass; fix or remove the failing resources if it keeps failing.',
      });
    }
  }

  if (config.dryRun) {
    report.wouldDelete.push(note);
    if (!failed && inWindow(expiresAt, config)) {
      await publish(caller, clients, config, report, `Preview ${note.stackName} expired (dry run: not deleted)`, { event: 'would-delete', ...note });
    }
    return;
  }
  await caller.call('CloudFormation.DeleteStack', () => clients.cloudFormation.send(new DeleteStackCommand({
    StackName: stack.StackId ?? stack.StackName,
    RoleARN: config.deletionRoleArn,
  })));
  (failed ? report.retried : report.deleted).push(note);
}

/**
 * One reaper pass: pages through the region's stacks with DescribeStacks (one call per page), and for each
 * top-level stack tagged `paved-road:preview=true` deletes it when its `paved-road:expires-at` has passed.
 */
export async function reap(clients: ReaperClients, config: ReaperConfig, retry: RetryOptions = DEFAULT_RETRY): Promise<ReaperReport> {
  const report = emptyReport(config.dryRun);
  const caller = new Caller(report, retry);
  let nextToken: string | undefined;
  do {
    const token = nextToken;
    const page = await caller.call('CloudFormation.DescribeStacks', () => clients.cloudFormation.send(new DescribeStacksCommand({ NextToken: token })));
    for (const stack of page.Stacks ?? []) {
      report.scanned++;
      if (tagOf(stack, PREVIEW_TAG) !== 'true') continue;
      report.previews++;
      if (stack.ParentId) {
        report.nested++;
        continue;
      }
      try {
        await handlePreview(stack, clients, config, report, caller);
      } catch (err) {
        const e = err as Error;
        report.errors.push(noteOf(stack, `${e.name}: ${e.message}`));
      }
    }
    nextToken = page.NextToken;
  } while (nextToken);
  return report;
}
