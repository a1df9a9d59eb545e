import { CfnDeletionPolicy } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { compliance, namedRule, resolved } from './rule-helpers';
import { Profile } from '../../../core/profile';
import { resolveProfile } from '../../../core/resolve-profile';

/** Stateful resource types, with the deletion policy CloudFormation applies when none is set. */
const STATEFUL: Record<string, CfnDeletionPolicy> = {
  'AWS::RDS::DBInstance': CfnDeletionPolicy.SNAPSHOT,
  'AWS::RDS::DBCluster': CfnDeletionPolicy.SNAPSHOT,
  'AWS::ElastiCache::ReplicationGroup': CfnDeletionPolicy.DELETE,
  'AWS::ElastiCache::CacheCluster': CfnDeletionPolicy.DELETE,
  'AWS::S3::Bucket': CfnDeletionPolicy.DELETE,
  'AWS::KMS::Key': CfnDeletionPolicy.DELETE,
  'AWS::Logs::LogGroup': CfnDeletionPolicy.DELETE,
  'AWS::SecretsManager::Secret': CfnDeletionPolicy.DELETE,
  'AWS::DynamoDB::Table': CfnDeletionPolicy.DELETE,
  'AWS::DynamoDB::GlobalTable': CfnDeletionPolicy.DELETE,
  'AWS::EFS::FileSystem': CfnDeletionPolicy.DELETE,
};

/**
 * PavedRoad-StatefulRetained: in a prod or staging stack no stateful resource (database, cache,
 * bucket, key, log group, secret, table, file system) is deleted with its stack or on replacement.
 * @internal
 */
export const statefulRetained = namedRule('StatefulRetained', (node) => {
  const cfnDefault = STATEFUL[node.cfnResourceType];
  if (cfnDefault === undefined) return NagRuleCompliance.NOT_APPLICABLE;
  // An instance of an Aurora cluster holds no data of its own: the cluster's policy keeps it (and a
  // retained instance would block deleting the cluster).
  if (node.cfnResourceType === 'AWS::RDS::DBInstance' && resolved(node, (node as any).dbClusterIdentifier) !== undefined) {
    return NagRuleCompliance.NOT_APPLICABLE;
  }
  const profile = resolveProfile(node);
  if (profile !== Profile.PROD && profile !== Profile.STAGING) return NagRuleCompliance.NOT_APPLICABLE;
  const policy = node.cfnOptions.deletionPolicy ?? cfnDefault;
  return compliance(policy !== CfnDeletionPolicy.DELETE);
});
