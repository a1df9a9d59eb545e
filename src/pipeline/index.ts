export * from './audit-level';
export { PipelineDefaults } from './defaults';
export type { PipelineProfileDefaults } from './defaults';
export * from './pipeline';
export * from './pipeline-props';
export * from './pipeline-source';
export * from './pipeline-stage';
