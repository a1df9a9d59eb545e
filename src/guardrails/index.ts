export * from './checks/paved-road-checks';
export * from './guardrail-results';
export * from './guardrails';
export * from './guardrail-options';
