export * from './network-parameters';
export * from './network-props';
export * from './network';
