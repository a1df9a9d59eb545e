/*
 * What failed in the latest deletion of a DELETE_FAILED stack, from its events. A large failed deletion fills
 * more than one page of DescribeStackEvents (100 events), so the events are read page by page, newest first,
 * until the event that started the latest deletion, and at most a bounded number of pages.
 * No aws-cdk-lib here: this file is bundled into the reaper's Lambda handler.
 */
import { CloudFormationClient, DescribeStackEventsCommand, Stack, StackEvent } from '@aws-sdk/client-cloudformation';

/** Pages of DescribeStackEvents (100 events each) read at most for one failed deletion. */
export const DEFAULT_MAX_EVENT_PAGES = 20;

/** The latest deletion of a DELETE_FAILED stack, from its events (newest first). */
export interface DeleteFailureSummary {
  /** The stack-level reason of the latest failure. */
  readonly reason?: string;
  /** `LogicalId (Type): reason` of each resource that failed in the latest deletion. */
  readonly failedResources: string[];
  /** Whether the events given reach the start of the latest deletion (its stack-level DELETE_IN_PROGRESS). */
  readonly startFound: boolean;
}

/** The latest failed deletion, as read from the stack's events. */
export interface DeleteFailure extends DeleteFailureSummary {
  /** Pages of events read. */
  readonly pagesRead: number;
  /** False when the bound stopped the reading before the start of the latest deletion. */
  readonly complete: boolean;
}

/** The failure of the latest deletion: the events newer than the latest stack-level DELETE_IN_PROGRESS. */
export function summarizeDeleteFailure(stack: Stack, events: StackEvent[]): DeleteFailureSummary {
  const stackLevel = (e: StackEvent) => e.LogicalResourceId === stack.StackName && e.ResourceType === 'AWS::CloudFormation::Stack';
  let reason: string | undefined;
  const failed = new Map<string, string>();
  for (const e of events) {
    if (stackLevel(e)) {
      if (e.ResourceStatus === 'DELETE_IN_PROGRESS') return { reason, failedResources: [...failed.values()], startFound: true };
      if (e.ResourceStatus === 'DELETE_FAILED') reason ??= e.ResourceStatusReason;
    } else if (e.ResourceStatus === 'DELETE_FAILED' && !failed.has(e.LogicalResourceId ?? '')) {
      failed.set(e.LogicalResourceId ?? '', `${e.LogicalResourceId} (${e.ResourceType}): ${e.ResourceStatusReason ?? 'no reason given'}`);
    }
  }
  return { reason, failedResources: [...failed.values()], startFound: false };
}

/** Sends one AWS call through the pass's retrying, counting caller. */
export type EventsCall = { call<T>(operation: string, fn: () => Promise<T>): Promise<T> };

/** Pages through the stack's events (newest first) until the start of its latest deletion, at most `maxPages`. */
export async function latestDeleteFailure(
  stack: Stack, cloudFormation: CloudFormationClient, caller: EventsCall, maxPages: number,
): Promise<DeleteFailure> {
  const events: StackEvent[] = [];
  let token: string | undefined;
  let pagesRead = 0;
  do {
    const t = token;
    const page = await caller.call('CloudFormation.DescribeStackEvents', () => cloudFormation.send(
      new DescribeStackEventsCommand({ StackName: stack.StackId ?? stack.StackName, NextToken: t })));
    pagesRead++;
    events.push(...(page.StackEvents ?? []));
    const summary = summarizeDeleteFailure(stack, events);
    if (summary.startFound) return { ...summary, pagesRead, complete: true };
    token = page.NextToken;
  } while (token && pagesRead < maxPages);
  // Either the stack's whole history was read, or the bound stopped the reading.
  return { ...summarizeDeleteFailure(stack, events), pagesRead, complete: token === undefined };
}
