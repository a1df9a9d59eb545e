export * from './database-engine';
export * from './database-props';
export * from './database';
