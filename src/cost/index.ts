export * from './cost-estimator';
export * from './price-table';
export * from './types';
