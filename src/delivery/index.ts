export * from './delivery-metrics-props';
export * from './delivery-metrics';
