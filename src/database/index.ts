export * from './database-engine';
export { DatabaseDefaults } from './defaults';
export type { DatabaseProfileDefaults } from './defaults';
export * from './database-props';
export * from './database';
