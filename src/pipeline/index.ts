export * from './audit-level';
export * from './pipeline';
export * from './pipeline-props';
export * from './pipeline-source';
export * from './pipeline-stage';
