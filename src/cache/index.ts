export * from './cache-engine';
export * from './cache-props';
export * from './cache';
