import { CfnDeletionPolicy, CfnResource, IAspect, Stack, Stage } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { IConstruct } from 'constructs';

/** Resource types whose CloudFormation default deletion policy keeps a final snapshot. */
const SNAPSHOT_BY_DEFAULT = new Set([
  'AWS::RDS::DBCluster', 'AWS::RDS::DBInstance', 'AWS::ElastiCache::CacheCluster', 'AWS::ElastiCache::ReplicationGroup',
  'AWS::Neptune::DBCluster', 'AWS::DocDB::DBCluster', 'AWS::Redshift::Cluster', 'AWS::EC2::Volume',
]);

const KEPT = new Set<string>([CfnDeletionPolicy.RETAIN, CfnDeletionPolicy.RETAIN_EXCEPT_ON_CREATE]);

/**
 * Makes what a preview creates deletable and short-lived: no final snapshots (DeletionPolicy Delete instead of
 * Snapshot, explicit or CloudFormation's default) and log groups kept at most `logRetentionDays`.
 * RETAIN is never overridden: `previewDeletionProblems` refuses it.
 *
 * @internal
 */
export class PreviewDeletableAspect implements IAspect {
  constructor(private readonly logRetentionDays: number) {}

  public visit(node: IConstruct): void {
    if (!CfnResource.isCfnResource(node)) return;
    const policy = node.cfnOptions.deletionPolicy;
    if (policy === CfnDeletionPolicy.SNAPSHOT || (policy === undefined && SNAPSHOT_BY_DEFAULT.has(node.cfnResourceType))) {
      node.cfnOptions.deletionPolicy = CfnDeletionPolicy.DELETE;
      node.cfnOptions.updateReplacePolicy = CfnDeletionPolicy.DELETE;
    }
    if (node instanceof logs.CfnLogGroup) {
      const days = node.retentionInDays;
      if (days === undefined || (typeof days === 'number' && days > this.logRetentionDays)) {
        node.retentionInDays = this.logRetentionDays;
      }
    }
  }
}

function describe(r: CfnResource): string {
  return `${r.node.path} (${r.cfnResourceType})`;
}

/**
 * Everything in the stage that would survive the deletion of a preview or block it, one line each.
 *
 * @internal
 */
export function previewDeletionProblems(stage: Stage): string[] {
  const problems: string[] = [];
  for (const c of stage.node.findAll()) {
    if (Stack.isStack(c) && Stage.of(c) === stage && c.terminationProtection) {
      problems.push(`${c.node.path}: termination protection is on (blocks deletion; remove terminationProtection)`);
    }
    if (c instanceof s3.Bucket && !c.node.tryFindChild('AutoDeleteObjectsCustomResource')) {
      problems.push(`${c.node.path} (AWS::S3::Bucket): a bucket with objects blocks deletion (set autoDeleteObjects: true and removalPolicy: DESTROY)`);
    }
    if (!CfnResource.isCfnResource(c)) continue;
    const policy = c.cfnOptions.deletionPolicy;
    if (policy !== undefined && KEPT.has(policy)) {
      problems.push(`${describe(c)}: DeletionPolicy ${policy} survives the preview (use RemovalPolicy.DESTROY)`);
    }
    if ((c instanceof rds.CfnDBInstance || c instanceof rds.CfnDBCluster) && c.deletionProtection === true) {
      problems.push(`${describe(c)}: deletion protection is on (blocks deletion; set deletionProtection: false)`);
    }
    if (c.cfnResourceType === 'AWS::EC2::NatGateway') {
      problems.push(`${describe(c)}: a preview creates no NAT gateway of its own (share the dev network: PreviewEnvironment network or networkParameterPrefix)`);
    }
  }
  return problems;
}

/**
 * Adds the refusal to the stage: one synth error listing every problem.
 *
 * @internal
 */
export function refuseUndeletable(stage: Stage, owner: string): void {
  stage.node.addValidation({
    validate: () => {
      const problems = previewDeletionProblems(stage);
      if (problems.length === 0) return [];
      return [
        `PreviewEnvironment '${owner}' must be deletable, but ${problems.length} resource${problems.length === 1 ? '' : 's'} would survive or block its deletion:\n` +
        problems.map((p) => `    ${p}`).join('\n'),
      ];
    },
  });
}
