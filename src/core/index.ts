export * from './compliance-pack';
export * from './context';
export * from './guardrail-results';
export * from './guardrails';
export * from './paved-road-construct';
export * from './profile';
export * from './profile-defaults';
export * from './tags';
