export * from './product';
export * from './portfolio';
