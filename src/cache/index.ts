export * from './cache-engine';
export * from './connection-environment';
export * from './cache-props';
export * from './cache';
