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
