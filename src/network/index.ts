export * from './network-props';
export * from './network';
