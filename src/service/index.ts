export * from './service-props';
export * from './service';
