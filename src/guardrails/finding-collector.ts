import { Stack } from 'aws-cdk-lib';
import {
  INagLogger, NagLoggerComplianceData, NagLoggerErrorData, NagLoggerNonComplianceData, NagLoggerNotApplicableData,
  NagLoggerSuppressedData, NagLoggerSuppressedErrorData, NagMessageLevel,
} from 'cdk-nag';

import { GuardrailAcknowledgment, GuardrailFinding } from './guardrail-results';

function ruleOf(data: NagLoggerNonComplianceData): string {
  return data.findingId && data.findingId !== data.ruleId ? `${data.ruleId}[${data.findingId}]` : data.ruleId;
}

/**
 * Receives every cdk-nag result of the packs one `PavedRoadGuardrails` applies.
 * @internal
 */
export class FindingCollector implements INagLogger {
  public readonly findings: GuardrailFinding[] = [];
  public readonly acknowledgments: GuardrailAcknowledgment[] = [];
  public checked = 0;
  /** Distinct rule ids evaluated, per stack path. */
  public readonly rulesByStack = new Map<string, Set<string>>();

  /** Forgets every result: a new synthesis reports afresh. */
  public reset(): void {
    this.findings.length = 0;
    this.acknowledgments.length = 0;
    this.checked = 0;
    this.rulesByStack.clear();
  }

  private count(data: NagLoggerComplianceData): void {
    this.checked++;
    const stack = Stack.of(data.resource).node.path;
    let rules = this.rulesByStack.get(stack);
    if (!rules) this.rulesByStack.set(stack, rules = new Set());
    rules.add(data.ruleId);
  }

  public onCompliance(data: NagLoggerComplianceData): void {
    this.count(data);
  }

  public onNonCompliance(data: NagLoggerNonComplianceData): void {
    this.count(data);
    if (data.ruleLevel === NagMessageLevel.INFO) return;
    this.findings.push({
      path: data.resource.node.path,
      rule: ruleOf(data),
      message: data.ruleInfo,
      level: data.ruleLevel === NagMessageLevel.ERROR ? 'error' : 'warning',
    });
  }

  public onSuppressed(data: NagLoggerSuppressedData): void {
    this.count(data);
    this.acknowledgments.push({ path: data.resource.node.path, rule: ruleOf(data), reason: data.suppressionReason, pack: data.nagPackName });
  }

  public onError(data: NagLoggerErrorData): void {
    // The rule could not evaluate the resource (an unresolvable value): reported, never silently passed.
    this.findings.push({
      path: data.resource.node.path,
      rule: `${data.nagPackName}-CdkNagValidationFailure[${data.ruleId}]`,
      message: `the rule could not be evaluated: ${data.errorMessage}`,
      level: 'warning',
    });
  }

  public onSuppressedError(data: NagLoggerSuppressedErrorData): void {
    this.acknowledgments.push({
      path: data.resource.node.path,
      rule: `${data.nagPackName}-CdkNagValidationFailure[${data.ruleId}]`,
      reason: data.errorSuppressionReason,
      pack: data.nagPackName,
    });
  }

  public onNotApplicable(_data: NagLoggerNotApplicableData): void {}
}
