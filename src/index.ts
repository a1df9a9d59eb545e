export * from './core';
export * from './cost';
export * from './network';
export * from './service';
export * from './database';
export * from './cache';
export * from './pipeline';
export * from './preview';
