/*
 * The PreviewReaper's logic: plain functions that take their AWS SDK v3 clients as parameters.
 * No aws-cdk-lib here: this file is bundled into the reaper's Lambda handler.
 */
// The SDK clients are devDependencies on purpose: esbuild bundles them into the handler at build time.
import { CloudFormationClient, DeleteStackCommand, DescribeStacksCommand, DescribeStacksCommandOutput, Stack } from '@aws-sdk/client-cloudformation';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { DEFAULT_MAX_EVENT_PAGES, DeleteFailure, latestDeleteFailure } from './reaper-delete-failure';
import { Notice, NoticeKind, NoticeLedger } from './reaper-ledger';
import { emptyReport, ReaperReport, StackNote } from './reaper-report';
import { DEFAULT_RETRY, RetryOptions, withRetry } from './reaper-retry';
import { statusAction } from './reaper-status';
import { PreviewTags } from './tag-keys';
import { INSTANT_FORMAT, parseInstant } from '../core/clock';

export { DEFAULT_MAX_EVENT_PAGES, summarizeDeleteFailure } from './reaper-delete-failure';
export type { DeleteFailure } from './reaper-delete-failure';
export type { ReaperReport, StackNote } from './reaper-report';

const PREVIEW_TAG = PreviewTags.PREVIEW;
const PREVIEW_BRANCH_TAG = PreviewTags.BRANCH;
const PREVIEW_EXPIRES_AT_TAG = PreviewTags.EXPIRES_AT;

/** What one reaper pass needs besides its clients. */
export interface ReaperConfig {
  /** The CloudFormation service role every DeleteStack passes. */
  readonly deletionRoleArn: string;
  /** Topic for reports; nothing is published (or claimed in the ledger) without it. */
  readonly topicArn?: string;
  /** The notice ledger: the DynamoDB table that keeps which notices were sent. */
  readonly ledgerTableName: string;
  /** Report what would be deleted and delete nothing. */
  readonly dryRun: boolean;
  /** Warn this many milliseconds before a preview expires. */
  readonly warnBeforeMs: number;
  /**
   * The platform's longest ttl in milliseconds: a preview expires at the latest this long after its last deployment,
   * whatever its tag says (a hand-edited far-future expiry does not keep it alive). Unset: the tag alone decides.
   */
  readonly maxTtlMs?: number;
  /** The time of this pass. */
  readonly now: Date;
  /**
   * Only stacks whose name starts with this are previews (PreviewEnvironment names them `preview-...`, and the
   * reaper's role may delete nothing else); a tagged stack with another name is reported once and never deleted.
   * Unset: the tag alone decides.
   */
  readonly stackNamePrefix?: string;
  /** Pages of DescribeStackEvents read at most for one failed deletion. @default DEFAULT_MAX_EVENT_PAGES */
  readonly maxEventPages?: number;
}

/** The clients a pass uses. */
export interface ReaperClients {
  readonly cloudFormation: CloudFormationClient;
  readonly sns: SNSClient;
  readonly dynamoDb: DynamoDBClient;
}

/** The expiry tag's instant (see `parseInstant`); undefined when it is missing or not an ISO-8601 instant. */
export function parseExpiry(value: string | undefined): Date | undefined {
  return value === undefined ? undefined : parseInstant(value);
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

function describe(err: unknown): string {
  const e = err as Error;
  return `${e?.name ?? 'Error'}: ${e?.message ?? String(err)}`;
}

/** Time the stack last changed (created or updated). */
function changedAt(stack: Stack): number {
  return (stack.LastUpdatedTime ?? stack.CreationTime ?? new Date(0)).getTime();
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

function extendHint(note: StackNote): string {
  return `Redeploy the preview (for example \`cdk deploy -c branch=${note.branch ?? '<branch>'}\`, or push to the pull request) to extend ` +
    `${PREVIEW_EXPIRES_AT_TAG} by its ttl; close or merge the pull request to delete it now.`;
}

/** One pass over the stacks: what it does with each, and its notices. */
class ReaperPass {
  private readonly ledger: NoticeLedger;

  constructor(
    private readonly clients: ReaperClients,
    private readonly config: ReaperConfig,
    private readonly report: ReaperReport,
    private readonly caller: Caller,
  ) {
    this.ledger = new NoticeLedger(clients.dynamoDb, config.ledgerTableName, (op, fn) => caller.call(op, fn));
  }

  /** One stack of a DescribeStacks page. Errors of one stack never stop the pass. */
  public async handle(stack: Stack): Promise<void> {
    this.report.scanned++;
    if (tagOf(stack, PREVIEW_TAG) !== 'true') return;
    this.report.previews++;
    try {
      if (this.config.stackNamePrefix !== undefined && !(stack.StackName ?? '').startsWith(this.config.stackNamePrefix)) {
        await this.misnamed(stack);
      } else if (stack.ParentId) {
        this.report.nested++;
      } else {
        await this.preview(stack);
      }
    } catch (err) {
      this.error(stack, describe(err));
    }
  }

  private error(stack: Stack, detail: string): void {
    this.report.errors.push(noteOf(stack, detail));
  }

  /** A tagged stack not named like a preview: reported once per deployment, never deleted. */
  private async misnamed(stack: Stack): Promise<void> {
    const note = noteOf(stack, `tagged ${PREVIEW_TAG}=true but not named ${this.config.stackNamePrefix}*`);
    this.report.misnamed.push(note);
    await this.notify(stack, 'misnamed-preview', new Date(changedAt(stack)).toISOString(),
      `Stack ${note.stackName} carries the preview tag but is not a preview`, {
        event: 'misnamed-preview',
        ...note,
        action: `Remove the ${PREVIEW_TAG} tag: the reaper never deletes a stack whose name does not start with ${this.config.stackNamePrefix}, and its role may not.`,
      });
  }

  private async preview(stack: Stack): Promise<void> {
    let note = noteOf(stack);
    const expiry = parseExpiry(note.expiresAt);
    if (!expiry) {
      const detail = note.expiresAt === undefined ? `tag ${PREVIEW_EXPIRES_AT_TAG} is missing` : `tag ${PREVIEW_EXPIRES_AT_TAG} is not ${INSTANT_FORMAT}`;
      this.report.invalidExpiry.push({ ...note, detail });
      await this.notify(stack, 'invalid-expiry', new Date(changedAt(stack)).toISOString(), `Preview ${note.stackName}: expiry unreadable, never reaped`, {
        event: 'invalid-expiry',
        ...note,
        detail,
        action: `Redeploy it with PreviewEnvironment, or delete it by hand: the reaper never deletes a stack whose ${PREVIEW_EXPIRES_AT_TAG} it cannot read.`,
      });
      return;
    }

    const now = this.config.now.getTime();
    const maxTtl = this.config.maxTtlMs;
    const capped = maxTtl !== undefined && expiry.getTime() > changedAt(stack) + maxTtl;
    const expiresAt = capped ? changedAt(stack) + maxTtl : expiry.getTime();
    const expiresIso = new Date(expiresAt).toISOString();
    if (capped) note = { ...note, detail: `${PREVIEW_EXPIRES_AT_TAG} lies beyond the platform's maximum ttl; expires ${expiresIso}` };
    if (expiresAt > now) {
      this.report.notExpired++;
      // Once per expiry instant: a redeploy that moves the expiry warns again before the new one.
      if (expiresAt - this.config.warnBeforeMs <= now && await this.notify(stack, 'expiry-warning', expiresIso,
        `Preview ${note.stackName} expires at ${capped ? expiresIso : note.expiresAt}`, { event: 'expiry-warning', ...note, howToExtend: extendHint(note) })) {
        this.report.warned.push(note);
      }
      return;
    }

    if (stack.EnableTerminationProtection) {
      this.report.protected.push({ ...note, detail: 'termination protection is on' });
      await this.notify(stack, 'expired-protected', expiresIso, `Preview ${note.stackName} expired but is protected`, {
        event: 'expired-protected', ...note, action: 'Turn termination protection off (previews must stay deletable) or delete the stack by hand.',
      });
      return;
    }
    switch (statusAction(stack.StackStatus)) {
      case 'gone': return;
      case 'wait':
        this.report.inProgress.push(note);
        return;
      case 'retry-delete': return this.deleteFailed(stack, note);
      case 'delete':
        if (this.config.dryRun) {
          this.report.wouldDelete.push(note);
          await this.notify(stack, 'would-delete', expiresIso, `Preview ${note.stackName} expired (dry run: not deleted)`, { event: 'would-delete', ...note });
        } else if (await this.delete(stack)) {
          this.report.deleted.push(note);
        }
        return;
      default:
        this.report.unknownStatus.push({ ...note, detail: `status ${stack.StackStatus} is not in the reaper's status table: kept` });
        await this.notify(stack, 'unknown-status', String(stack.StackStatus), `Preview ${note.stackName}: status ${stack.StackStatus} unknown, not reaped`, {
          event: 'unknown-status', ...note, action: 'Delete it by hand, and update paved-road-constructs: this reaper does not know the status.',
        });
    }
  }

  /**
   * DELETE_FAILED: retried on every pass (not in a dry run); reported once per stack (a stack leaves DELETE_FAILED
   * only by a deletion that succeeds) with the resources that failed in the latest deletion, read before the retry
   * starts a new one. Neither reading the events nor publishing holds up the retry.
   */
  private async deleteFailed(stack: Stack, note: StackNote): Promise<void> {
    this.report.deleteFailed.push(note);
    const notice = await this.claim(stack, 'delete-failed', '');
    let failure: DeleteFailure | undefined;
    if (notice) {
      try {
        failure = await latestDeleteFailure(stack, this.clients.cloudFormation, this.caller, this.config.maxEventPages ?? DEFAULT_MAX_EVENT_PAGES);
      } catch (err) {
        await this.abandon(stack, notice, `reading its events failed (${describe(err)})`);
      }
    }
    if (this.config.dryRun) {
      this.report.wouldDelete.push(note);
    } else if (await this.delete(stack)) {
      this.report.retried.push(note);
    }
    if (notice && failure) {
      const limit = this.config.maxEventPages ?? DEFAULT_MAX_EVENT_PAGES;
      await this.send(stack, notice, `Preview ${note.stackName}: deletion failed`, {
        event: 'delete-failed',
        ...note,
        reason: failure.reason,
        failedResources: failure.failedResources,
        ...(failure.complete ? {} : { eventsNote: `listed from the newest ${failure.pagesRead} pages of events (the reaper reads at most ${limit}); the stack's events hold the rest` }),
        action: this.config.dryRun ? 'Dry run: no retry.' : 'The reaper retries on every pass; fix or remove the failing resources if it keeps failing.',
      });
    }
  }

  /** Starts a deletion through the deletion role; a failure is reported and never stops the pass. */
  private async delete(stack: Stack): Promise<boolean> {
    try {
      await this.caller.call('CloudFormation.DeleteStack', () => this.clients.cloudFormation.send(new DeleteStackCommand({
        StackName: stack.StackId ?? stack.StackName,
        RoleARN: this.config.deletionRoleArn,
      })));
      return true;
    } catch (err) {
      this.error(stack, `DeleteStack failed: ${describe(err)}`);
      return false;
    }
  }

  /** Claims and sends a notice; true when it was sent this pass. Never throws: a failure is an error of the pass. */
  private async notify(stack: Stack, kind: NoticeKind, about: string, subject: string, body: object): Promise<boolean> {
    const notice = await this.claim(stack, kind, about);
    return notice ? this.send(stack, notice, subject, body) : false;
  }

  /** The notice when this pass must send it; undefined when an earlier pass sent it, or the ledger failed. */
  private async claim(stack: Stack, kind: NoticeKind, about: string): Promise<Notice | undefined> {
    if (!this.config.topicArn) return undefined;
    const notice: Notice = { stackId: stack.StackId ?? stack.StackName ?? '(unnamed)', kind, about };
    try {
      if (await this.ledger.claim(notice, this.config.now)) return notice;
      this.report.alreadySent++;
    } catch (err) {
      this.error(stack, `notice ${kind} not sent: the notice ledger failed (${describe(err)}); a later pass sends it`);
    }
    return undefined;
  }

  private async send(stack: Stack, notice: Notice, subject: string, body: object): Promise<boolean> {
    try {
      await this.caller.call('SNS.Publish', () => this.clients.sns.send(new PublishCommand({
        TopicArn: this.config.topicArn,
        Subject: subject.slice(0, 100),
        Message: JSON.stringify(body, undefined, 2),
      })));
      this.report.published++;
      return true;
    } catch (err) {
      await this.abandon(stack, notice, `publishing failed (${describe(err)})`);
      return false;
    }
  }

  /** Releases a claimed notice that was not sent, so the next pass sends it. */
  private async abandon(stack: Stack, notice: Notice, why: string): Promise<void> {
    try {
      await this.ledger.release(notice);
      this.error(stack, `notice ${notice.kind} not sent: ${why}; the next pass sends it`);
    } catch (err) {
      this.error(stack, `notice ${notice.kind} lost: ${why}, and its claim could not be released (${describe(err)})`);
    }
  }
}

/**
 * One reaper pass: pages through the region's stacks with DescribeStacks (one call per page), and for each
 * top-level stack tagged `paved-road:preview=true` deletes it when its `paved-road:expires-at` has passed.
 * A page that fails past its retries ends the paging (the next page needs its token): the stacks read so far
 * are handled, and the report says what was missed (`incomplete`, and an error).
 */
export async function reap(clients: ReaperClients, config: ReaperConfig, retry: RetryOptions = DEFAULT_RETRY): Promise<ReaperReport> {
  const report = emptyReport(config.dryRun);
  const caller = new Caller(report, retry);
  const pass = new ReaperPass(clients, config, report, caller);
  let nextToken: string | undefined;
  do {
    const token = nextToken;
    let page: DescribeStacksCommandOutput;
    try {
      page = await caller.call('CloudFormation.DescribeStacks', () => clients.cloudFormation.send(new DescribeStacksCommand({ NextToken: token })));
    } catch (err) {
      const which = `DescribeStacks page ${report.pages + 1}`;
      report.incomplete = `${which} failed after its retries (${describe(err)}): the stacks on it and on later pages were not seen this pass`;
      report.errors.push({ stackName: `(${which})`, detail: describe(err) });
      break;
    }
    report.pages++;
    for (const stack of page.Stacks ?? []) await pass.handle(stack);
    nextToken = page.NextToken;
  } while (nextToken);
  return report;
}
