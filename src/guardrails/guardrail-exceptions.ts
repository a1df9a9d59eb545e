import { IConstruct } from 'constructs';
import { GuardrailException } from './guardrail-results';

/** The metadata type under which exceptions are recorded on their construct. */
const EXCEPTION_METADATA = 'paved-road:exception';

/**
 * Records that `scope` turns off a safety default on purpose, with the team's reason: the compliance
 * report of the stack that holds `scope` lists it (and the cloud assembly's metadata carries it).
 * Callers validate the reason first (`PropValidator.exceptionReason`).
 * @internal
 */
export function recordGuardrailException(scope: IConstruct, control: string, reason: string): void {
  scope.node.addMetadata(EXCEPTION_METADATA, { control, reason });
}

/** Every exception recorded on `scope` or below it, in construct-tree order. @internal */
export function guardrailExceptionsUnder(scope: IConstruct): GuardrailException[] {
  return scope.node.findAll().flatMap((c) => c.node.metadata
    .filter((m) => m.type === EXCEPTION_METADATA)
    .map((m) => ({ path: c.node.path, control: String(m.data.control), reason: String(m.data.reason) })));
}
