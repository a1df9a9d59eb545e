/*
 * Retries of the PreviewReaper's AWS calls: throttling, 5xx and network errors, with exponential backoff and full
 * jitter. The handler turns the SDK's own retries off, so this is the one retry layer (and unit tests see it).
 */

/** Retries of throttled and transient calls. */
export interface RetryOptions {
  /** Attempts per call, the first included. */
  readonly maxAttempts: number;
  /** First backoff in milliseconds (full jitter, doubled per attempt). */
  readonly baseDelayMs: number;
  /** Longest backoff in milliseconds. */
  readonly maxDelayMs: number;
  /** Waits; tests pass a fake. */
  readonly sleep: (ms: number) => Promise<void>;
}

const RETRYABLE_NAMES = new Set([
  'Throttling', 'ThrottlingException', 'ThrottledException', 'TooManyRequestsException', 'RequestLimitExceeded',
  'RequestThrottled', 'RequestThrottledException', 'SlowDown', 'ServiceUnavailable', 'InternalFailure',
  'InternalError', 'RequestTimeout', 'RequestTimeoutException', 'TimeoutError', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT',
  // DynamoDB (the notice ledger): throttled partitions, and a conflicting transaction on the same item
  'ProvisionedThroughputExceededException', 'TransactionConflictException', 'InternalServerError',
]);

/** True for throttling, 5xx and network errors, which a later attempt may get past. */
export function isRetryable(err: unknown): boolean {
  const e = err as { name?: string; code?: string; $metadata?: { httpStatusCode?: number }; $retryable?: unknown };
  if (!e || typeof e !== 'object') return false;
  if (e.$retryable) return true;
  if (e.name && RETRYABLE_NAMES.has(e.name)) return true;
  if (e.code && RETRYABLE_NAMES.has(e.code)) return true;
  const status = e.$metadata?.httpStatusCode;
  return status !== undefined && (status === 429 || status >= 500);
}

export const DEFAULT_RETRY: RetryOptions = {
  maxAttempts: 6,
  baseDelayMs: 200,
  maxDelayMs: 5_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** Calls `fn`, retrying retryable errors with exponential backoff and full jitter. */
export async function withRetry<T>(fn: () => Promise<T>, retry: RetryOptions = DEFAULT_RETRY): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (attempt >= retry.maxAttempts || !isRetryable(err)) throw err;
      const cap = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (attempt - 1));
      await retry.sleep(Math.floor(Math.random() * cap) + 1);
    }
  }
}
