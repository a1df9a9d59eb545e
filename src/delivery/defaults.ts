import { Duration } from 'aws-cdk-lib';

/**
 * Defaults of `DeliveryMetrics` that are the same in every profile. What differs per profile (log retention, removal
 * policy, point-in-time recovery window) comes from the shared profile table.
 *
 * @internal
 */
export const DELIVERY_DEFAULTS = {
  /** One event takes a few DynamoDB calls and at most two CodePipeline calls: well under a second. */
  recorderTimeout: Duration.seconds(30),
  /** MiB; one event needs a few MiB beyond the runtime. */
  recorderMemoryMiB: 256,
  /**
   * Reserved concurrency: CodePipeline, ECS and alarm events arrive in small bursts; a few concurrent invocations
   * keep up, and the state writes are optimistic, so parallel events of one service stay correct.
   */
  recorderConcurrency: 2,
  /** Lambda's own retries of a failed invocation before it lands in the dead-letter queue. */
  recorderRetryAttempts: 2,
  /** Days the dead-letter queue keeps a failed event (SQS's maximum). */
  deadLetterRetention: Duration.days(14),
  /** The dashboard's default time range: the four figures are read over a month. */
  dashboardInterval: Duration.days(30),
  /** Period of the dashboard's graphs of counts, lead time and time to restore. */
  graphPeriod: Duration.days(1),
  /** Period of the dashboard's change failure rate graph: a day holds too few deployments for a rate. */
  failureRatePeriod: Duration.days(7),
};
