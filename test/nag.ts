import { App, Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { CompliancePack, PavedRoadGuardrails } from '../src';
import { PavedRoadValidationError } from '../src/core/validation';

/** Every cdk-nag pack the library promises to pass. */
export const ALL_PACKS = [
  CompliancePack.AWS_SOLUTIONS,
  CompliancePack.NIST_800_53_R5,
  CompliancePack.HIPAA_SECURITY,
  CompliancePack.PCI_DSS_321,
];

/** An app with an owner in context, as teams configure it in cdk.json. */
export function testApp(context: Record<string, unknown> = {}): App {
  return new App({ context: { 'paved-road:owner': 'team-test', ...context } });
}

/** A stack in a concrete environment (AZ lookups and regional principals resolve). */
export function testStack(app: App, id = 'TestStack', props: StackProps = {}): Stack {
  return new Stack(app, id, { env: { account: '123456789012', region: 'us-east-1' }, ...props });
}

/**
 * Synthesizes `app` with all four packs in strict mode (warnings count) and throws an error that
 * lists every unacknowledged finding by stage and rule. Returns the guardrails so a test can
 * read the acknowledgments.
 */
export function expectNagClean(app: App): PavedRoadGuardrails {
  const guardrails = PavedRoadGuardrails.enforce(app, { packs: ALL_PACKS, strict: true });
  app.synth();
  return guardrails;
}

/**
 * A scope `depth` levels below `scope`, each with a 58-character construct id ending in its level
 * (`...Segment0`, `...Segment1`, ...): construct paths long enough to break limits on names and
 * descriptions derived from them.
 */
export function deepScope(scope: Construct, depth: number): Construct {
  let inner = scope;
  for (let i = 0; i < depth; i++) inner = new Construct(inner, `TeamCheckoutPlatformComponent${'Segment'.repeat(4)}${i}`);
  return inner;
}

/** Runs `fn` and returns the validation error it throws, failing if it throws none or another kind. */
export function validationError(fn: () => unknown): PavedRoadValidationError {
  try {
    fn();
  } catch (e) {
    if (e instanceof PavedRoadValidationError) return e;
    throw e;
  }
  throw new Error('expected a PavedRoadValidationError, but nothing was thrown');
}
