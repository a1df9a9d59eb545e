export * from './tag-keys';
export * from './preview-environment';
export * from './preview-deployments';
export * from './preview-reaper';
export * from './preview-roles';
