export { NetworkDefaults } from './defaults';
export type { NetworkProfileDefaults } from './defaults';
export * from './network-parameters';
export * from './network-props';
export * from './network';
