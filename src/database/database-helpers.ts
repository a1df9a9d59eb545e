import { Names } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { DatabaseEngine } from './database-engine';

/** A lower-case identifier unique in the account and region, stable for the construct path. @internal */
export function physicalIdentifier(scope: Construct): string {
  const raw = Names.uniqueResourceName(scope, { maxLength: 60, separator: '-' }).toLowerCase();
  const clean = raw.replace(/[^a-z0-9-]/g, '').replace(/-+/g, '-').replace(/-$/, '');
  return (/^[a-z]/.test(clean) ? clean : `db-${clean}`.slice(0, 60)).replace(/-$/, '');
}

/** `slow-query` -> `SlowQuery`. @internal */
export function pascal(s: string): string {
  return s.replace(/(^|[-_])([a-z])/g, (_m, _sep, c: string) => c.toUpperCase());
}

/** MySQL offers Performance Insights on medium and larger instances only. @internal */
export function supportsPerformanceInsights(engine: DatabaseEngine, instanceType: string): boolean {
  return !(engine === DatabaseEngine.MYSQL && /\.(micro|small)$/.test(instanceType));
}
