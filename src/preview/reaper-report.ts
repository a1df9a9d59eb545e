/*
 * What one PreviewReaper pass did: returned by the handler, logged, and counted in its metrics.
 * No imports: this file is bundled into the reaper's Lambda handler.
 */

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
  /** Stacks seen (every page read). */
  scanned: number;
  /** DescribeStacks pages read. */
  pages: number;
  /** Set when a DescribeStacks page failed past its retries: that page and the ones after it were not seen. */
  incomplete?: string;
  /** Stacks carrying `paved-road:preview=true`. */
  previews: number;
  /** Stacks carrying the preview tag whose name does not start with `stackNamePrefix`: never deleted. */
  readonly misnamed: StackNote[];
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
  /** Expired previews in a status where an operation is running (the next pass looks again). */
  readonly inProgress: StackNote[];
  /** Expired previews in a status the reaper does not know: kept, reported once. */
  readonly unknownStatus: StackNote[];
  /** Nested stacks, left to their parents. */
  nested: number;
  /** Previews whose expiry tag is missing or unreadable. */
  readonly invalidExpiry: StackNote[];
  /** Previews in DELETE_FAILED this pass. */
  readonly deleteFailed: StackNote[];
  /** Previews inside their warning period whose warning was sent this pass. */
  readonly warned: StackNote[];
  /** Messages published this pass. */
  published: number;
  /** Notices due this pass that the ledger shows an earlier pass sent. */
  alreadySent: number;
  /** Calls that failed after their retries (the stack, or the page, and what failed). */
  readonly errors: StackNote[];
  /** API calls made, by operation (retries included). */
  readonly apiCalls: { [operation: string]: number };
}

/** A report with nothing done yet. */
export function emptyReport(dryRun: boolean): ReaperReport {
  return {
    dryRun,
    scanned: 0,
    pages: 0,
    previews: 0,
    misnamed: [],
    deleted: [],
    retried: [],
    wouldDelete: [],
    notExpired: 0,
    protected: [],
    inProgress: [],
    unknownStatus: [],
    nested: 0,
    invalidExpiry: [],
    deleteFailed: [],
    warned: [],
    published: 0,
    alreadySent: 0,
    errors: [],
    apiCalls: {},
  };
}
