export * from './database-engine';
export * from './connection-environment';
export * from './database-props';
export * from './database';
