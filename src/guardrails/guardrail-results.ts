/**
 * A cdk-nag finding that no acknowledgment covers.
 */
export interface GuardrailFinding {
  /** Construct path of the resource. */
  readonly path: string;
  /** Rule id, with the finding id in brackets when it differs (e.g. `AwsSolutions-IAM5[Resource::*]`). */
  readonly rule: string;
  /** What the rule checks. */
  readonly message: string;
  /** `error` or `warning`. */
  readonly level: string;
}

/**
 * An acknowledged cdk-nag finding, with the reason given for it.
 */
export interface GuardrailAcknowledgment {
  /** Construct path of the resource. */
  readonly path: string;
  /** Rule id, with the finding id in brackets when it differs. */
  readonly rule: string;
  /** The reason given. */
  readonly reason: string;
  /** The pack that reported the finding. */
  readonly pack: string;
}

/**
 * A safety default that a team turned off on purpose through a named exception prop (for example a
 * prod database without deletion protection, or a profile pack removed from the guardrails), with the
 * reason the team gave. Listed in the compliance report, next to the acknowledgments.
 */
export interface GuardrailException {
  /** Construct path of the construct (or scope) the exception applies to. */
  readonly path: string;
  /** What was turned off, e.g. `deletionProtection` or `pack:nist-800-53-r5`. */
  readonly control: string;
  /** The reason the team gave. */
  readonly reason: string;
}
