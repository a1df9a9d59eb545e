export { ServiceDefaults } from './defaults';
export type { ServiceProfileDefaults } from './defaults';
export * from './service-props';
export * from './service';
