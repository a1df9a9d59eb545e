export * from './backstage-catalog';
