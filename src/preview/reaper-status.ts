/*
 * What the PreviewReaper does with an expired preview in each CloudFormation stack status: one row per value of
 * the SDK's `StackStatus` enum, so a status the SDK adds is a compile error here and a failing test
 * (test/preview-reaper-logic.test.ts) until someone classifies it. Bundled into the handler: no aws-cdk-lib.
 *
 * Facts from the CloudFormation User Guide, "View CloudFormation stack events", section "Stack status codes":
 * ROLLBACK_COMPLETE allows only a delete; ROLLBACK_FAILED and DELETE_FAILED are left by deleting the stack;
 * UPDATE_ROLLBACK_FAILED may be deleted or continued; REVIEW_IN_PROGRESS is a stack created by a change set that
 * was never executed: it has no resources, counts against the stack quota and stays until deleted.
 */
import type { StackStatus } from '@aws-sdk/client-cloudformation';

/** What the reaper does with an expired preview in a status. */
export type StatusAction =
  /** Start a deletion: no operation is running. */
  | 'delete'
  /** Start the deletion again, and report the failure once. */
  | 'retry-delete'
  /** An operation is running: the next pass looks again. */
  | 'wait'
  /** Already deleted (DescribeStacks does not list it without a stack name). */
  | 'gone';

/** Every CloudFormation stack status, classified. @internal */
export const STACK_STATUS_ACTIONS: { readonly [S in StackStatus]: StatusAction } = {
  CREATE_COMPLETE: 'delete',
  CREATE_FAILED: 'delete',
  CREATE_IN_PROGRESS: 'wait',
  DELETE_COMPLETE: 'gone',
  DELETE_FAILED: 'retry-delete',
  DELETE_IN_PROGRESS: 'wait',
  IMPORT_COMPLETE: 'delete',
  IMPORT_IN_PROGRESS: 'wait',
  IMPORT_ROLLBACK_COMPLETE: 'delete',
  IMPORT_ROLLBACK_FAILED: 'delete',
  IMPORT_ROLLBACK_IN_PROGRESS: 'wait',
  // A change set for a new stack, never executed: nothing else will ever move it on.
  REVIEW_IN_PROGRESS: 'delete',
  ROLLBACK_COMPLETE: 'delete',
  ROLLBACK_FAILED: 'delete',
  ROLLBACK_IN_PROGRESS: 'wait',
  UPDATE_COMPLETE: 'delete',
  UPDATE_COMPLETE_CLEANUP_IN_PROGRESS: 'wait',
  UPDATE_FAILED: 'delete',
  UPDATE_IN_PROGRESS: 'wait',
  UPDATE_ROLLBACK_COMPLETE: 'delete',
  UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS: 'wait',
  UPDATE_ROLLBACK_FAILED: 'delete',
  UPDATE_ROLLBACK_IN_PROGRESS: 'wait',
};

/**
 * The action for a status; `undefined` for one this table does not know (the API may return a status newer than
 * the bundled SDK): such a stack is kept and reported once, never deleted on a guess.
 */
export function statusAction(status: string | undefined): StatusAction | undefined {
  if (status === undefined || !Object.prototype.hasOwnProperty.call(STACK_STATUS_ACTIONS, status)) return undefined;
  return STACK_STATUS_ACTIONS[status as StackStatus];
}
