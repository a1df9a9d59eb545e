/*
 * What an upgrade changes in a template, as CloudFormation would apply it: each changed resource and
 * property, and whether the change replaces or destroys the resource (from @aws-cdk/cloudformation-diff,
 * which knows each resource type's replacement rules).
 */
import { fullDiff, ResourceImpact } from '@aws-cdk/cloudformation-diff';
import { Template } from './upgrade-app';

/** Resource types that hold data or identity a replacement loses. */
export const STATEFUL_TYPES = new Set([
  'AWS::RDS::DBInstance', 'AWS::RDS::DBCluster', 'AWS::ElastiCache::ReplicationGroup', 'AWS::ElastiCache::CacheCluster',
  'AWS::ElastiCache::ServerlessCache', 'AWS::ECS::Cluster', 'AWS::S3::Bucket', 'AWS::KMS::Key', 'AWS::Logs::LogGroup',
  'AWS::SecretsManager::Secret', 'AWS::DynamoDB::Table', 'AWS::DynamoDB::GlobalTable', 'AWS::EFS::FileSystem',
]);

/** One change an upgrade makes to a stack. */
export interface TemplateChange {
  readonly stack: string;
  readonly logicalId: string;
  readonly type: string;
  /** WILL_UPDATE, WILL_CREATE, WILL_REPLACE, MAY_REPLACE, WILL_DESTROY, WILL_ORPHAN. */
  readonly impact: string;
  /** The changed top-level properties (or the resource's addition or removal). */
  readonly properties: string[];
}

/** Every resource change from `before` to `after` of one stack. */
export function templateChanges(stack: string, before: Template, after: Template): TemplateChange[] {
  const diff = fullDiff(before, after);
  const changes: TemplateChange[] = [];
  diff.resources.forEachDifference((logicalId, change) => {
    if (!change.isDifferent) return;
    const properties = change.isAddition ? ['(added)'] : change.isRemoval ? ['(removed)']
      : [
        ...Object.keys(change.propertyUpdates).map((p) => `Properties.${p}`),
        ...Object.keys(change.otherChanges).filter((k) => k !== 'Metadata').map((k) => k),
      ];
    if (properties.length === 0) return;
    changes.push({
      stack,
      logicalId,
      type: change.resourceType ?? 'unknown',
      impact: change.changeImpact,
      properties: properties.sort(),
    });
  });
  return changes;
}

/** The changes that would lose a stateful resource: a replacement, a possible replacement, a removal. */
export function losesState(change: TemplateChange): boolean {
  const losing: string[] = [ResourceImpact.WILL_REPLACE, ResourceImpact.MAY_REPLACE, ResourceImpact.WILL_DESTROY, ResourceImpact.WILL_ORPHAN];
  return STATEFUL_TYPES.has(change.type) && losing.includes(change.impact);
}

/** The JSON paths where two values differ (at most `limit`), for a readable failure. */
export function jsonDifferences(a: unknown, b: unknown, at = '', limit = 20, out: string[] = []): string[] {
  if (out.length >= limit) return out;
  if (JSON.stringify(a) === JSON.stringify(b)) return out;
  const isObject = (v: unknown) => typeof v === 'object' && v !== null;
  if (isObject(a) && isObject(b) && Array.isArray(a) === Array.isArray(b)) {
    const keys = new Set([...Object.keys(a as object), ...Object.keys(b as object)]);
    for (const k of keys) jsonDifferences((a as any)[k], (b as any)[k], `${at}/${k}`, limit, out);
    return out;
  }
  out.push(`${at || '/'}: ${JSON.stringify(a)?.slice(0, 120)} -> ${JSON.stringify(b)?.slice(0, 120)}`);
  return out;
}
