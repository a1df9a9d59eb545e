export * from './cache-engine';
export { CacheDefaults } from './defaults';
export type { CacheProfileDefaults } from './defaults';
export * from './cache-props';
export * from './cache';
