/**
 * The lowest severity of a known vulnerability that fails the security scan
 * (the levels `npm audit --audit-level` accepts).
 */
export enum AuditLevel {
  /** Fail on any finding, low severity and above. */
  LOW = 'low',
  /** Fail on moderate, high and critical findings. */
  MODERATE = 'moderate',
  /** Fail on high and critical findings. */
  HIGH = 'high',
  /** Fail on critical findings only. */
  CRITICAL = 'critical',
}
