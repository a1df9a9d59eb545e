import { CfnDeletionPolicy, CfnResource, IAspect, Stack, Stage } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { IConstruct } from 'constructs';
import { acknowledgeEmptyingProviders } from './preview-environment-acknowledgments';
import { PreviewRoles } from './preview-roles';

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

/**
 * Puts the preview permissions boundary (`PreviewRoles.boundaryName(<region>)`) on every IAM role of a preview, so
 * each role it creates stays under the same ceiling as the execution role that creates it. An aspect rather than the
 * stage's `permissionsBoundary`, which refuses the region placeholder in environment-agnostic stacks.
 *
 * @internal
 */
export class PreviewBoundaryAspect implements IAspect {
  public visit(node: IConstruct): void {
    if (!CfnResource.isCfnResource(node) || node.cfnResourceType !== 'AWS::IAM::Role') return;
    const stack = Stack.of(node);
    const boundary = stack.formatArn({ service: 'iam', region: '', resource: 'policy', resourceName: PreviewRoles.boundaryName(stack.region) });
    if (node instanceof iam.CfnRole) node.permissionsBoundary = boundary;
    // the roles of aws-cdk-lib's custom-resource providers are plain CfnResources
    else node.addPropertyOverride('PermissionsBoundary', boundary);
  }
}

/**
 * Acknowledges, in every stack of a preview, the findings of the CDK-provided providers that empty its buckets and
 * repositories on deletion: the preview asks for them, so the library's own checks must pass them. An aspect, so the
 * buckets a team adds after the `PreviewEnvironment` are covered; it runs before the packs (READONLY).
 *
 * @internal
 */
export class PreviewEmptyingProvidersAspect implements IAspect {
  public visit(node: IConstruct): void {
    if (!Stack.isStack(node)) return;
    acknowledgeEmptyingProviders(node);
  }
}

/** A resource as the template will hold it: its type, resolved properties and policies. */
interface TemplateResource {
  readonly construct: CfnResource;
  readonly logicalId: string;
  readonly type: string;
  readonly properties: Record<string, any>;
  readonly deletionPolicy?: string;
  readonly updateReplacePolicy?: string;
}

/** The resource as it will be synthesized (overrides and escape hatches included), resolved in its stack. */
function templateResource(r: CfnResource): TemplateResource {
  const stack = Stack.of(r);
  const logicalId: string = stack.resolve(r.logicalId);
  let entry: any;
  try {
    entry = Object.values(stack.resolve((r as any)._toCloudFormation())?.Resources ?? {})[0];
  } catch {
    entry = undefined; // a value only the final synthesis can resolve: fall back to the resource's options
  }
  return {
    construct: r,
    logicalId,
    type: entry?.Type ?? r.cfnResourceType,
    properties: entry?.Properties ?? {},
    deletionPolicy: entry ? entry.DeletionPolicy : r.cfnOptions.deletionPolicy,
    updateReplacePolicy: entry ? entry.UpdateReplacePolicy : r.cfnOptions.updateReplacePolicy,
  };
}

const isOn = (value: unknown): boolean => value === true || value === 'true';

/**
 * The deletion protection a resource has on, in the words of its template property; undefined when none.
 * A property-level check, so an L1 resource and an escape-hatch override are judged like an L2.
 */
function deletionProtection(r: TemplateResource): string | undefined {
  const p = r.properties;
  if (isOn(p.DeletionProtection) || p.DeletionProtection === 'ACTIVE') return `DeletionProtection is ${p.DeletionProtection}`;
  if (isOn(p.DeletionProtectionEnabled)) return 'DeletionProtectionEnabled is true';
  if (r.type === 'AWS::DynamoDB::GlobalTable' && (p.Replicas ?? []).some((x: any) => isOn(x?.DeletionProtectionEnabled))) {
    return 'a replica has DeletionProtectionEnabled';
  }
  if (r.type === 'AWS::ElasticLoadBalancingV2::LoadBalancer'
    && (p.LoadBalancerAttributes ?? []).some((a: any) => a?.Key === 'deletion_protection.enabled' && isOn(a?.Value))) {
    return 'the attribute deletion_protection.enabled is true';
  }
  if (r.type === 'AWS::NetworkFirewall::Firewall' && isOn(p.DeleteProtection)) return 'DeleteProtection is true';
  if (r.type === 'AWS::EC2::Instance' && isOn(p.DisableApiTermination)) return 'DisableApiTermination is true';
  return undefined;
}

/**
 * Whether a custom resource of `type` in the same stack empties `r` on deletion: its property `nameProperty` names the
 * resource (a Ref to it, or the physical name the template gives it in the same property). aws-cdk-lib adds one for
 * `autoDeleteObjects` (s3.Bucket, or the BucketAutoDeleteObjects mixin on a CfnBucket) and for `autoDeleteImages`
 * (ecr.Repository).
 */
function emptiedBy(r: TemplateResource, all: TemplateResource[], type: string, nameProperty: string): boolean {
  const names = [JSON.stringify({ Ref: r.logicalId })];
  if (r.properties[nameProperty] !== undefined) names.push(JSON.stringify(r.properties[nameProperty]));
  const stack = Stack.of(r.construct);
  return all.some((c) => c.type === type && Stack.of(c.construct) === stack && names.includes(JSON.stringify(c.properties[nameProperty])));
}

function describe(r: TemplateResource): string {
  return `${r.construct.node.path} (${r.type})`;
}

/**
 * Everything in the stage that would survive the deletion of a preview or block it, one line each. Decided from the
 * resources as they will be synthesized (type, properties, DeletionPolicy), whichever construct made them: an L1 resource,
 * an override or another library's construct is judged like an aws-cdk-lib L2.
 *
 * @internal
 */
export function previewDeletionProblems(stage: Stage): string[] {
  const problems: string[] = [];
  const resources: TemplateResource[] = [];
  for (const c of stage.node.findAll()) {
    if (Stack.isStack(c) && Stage.of(c) === stage && c.terminationProtection) {
      problems.push(`${c.node.path}: termination protection is on (blocks deletion; remove terminationProtection)`);
    }
    if (CfnResource.isCfnResource(c)) resources.push(templateResource(c));
  }
  for (const r of resources) {
    if (r.deletionPolicy !== undefined && KEPT.has(r.deletionPolicy)) {
      problems.push(`${describe(r)}: DeletionPolicy ${r.deletionPolicy} survives the preview (use RemovalPolicy.DESTROY)`);
    } else if (r.updateReplacePolicy !== undefined && KEPT.has(r.updateReplacePolicy)) {
      problems.push(`${describe(r)}: UpdateReplacePolicy ${r.updateReplacePolicy} leaves every replaced copy behind (use RemovalPolicy.DESTROY)`);
    }
    const protection = deletionProtection(r);
    if (protection) problems.push(`${describe(r)}: deletion protection is on (${protection}; it blocks deletion: turn it off, e.g. deletionProtection: false)`);
    if (r.type === 'AWS::S3::Bucket') {
      if (!emptiedBy(r, resources, 'Custom::S3AutoDeleteObjects', 'BucketName')) {
        problems.push(`${describe(r)}: a bucket with objects blocks deletion (use s3.Bucket with autoDeleteObjects: true and removalPolicy: DESTROY, or the BucketAutoDeleteObjects mixin on a CfnBucket)`);
      }
      if (isOn(r.properties.ObjectLockEnabled)) {
        problems.push(`${describe(r)}: Object Lock keeps locked objects, so the bucket cannot be emptied and deleted (leave objectLockEnabled off in a preview)`);
      }
    }
    if (r.type === 'AWS::ECR::Repository' && !isOn(r.properties.EmptyOnDelete)
      && !emptiedBy(r, resources, 'Custom::ECRAutoDeleteImages', 'RepositoryName')) {
      problems.push(`${describe(r)}: a repository with images blocks deletion (set emptyOnDelete: true and removalPolicy: DESTROY)`);
    }
    if (r.type === 'AWS::EC2::NatGateway') {
      problems.push(`${describe(r)}: a preview creates no NAT gateway of its own (share the dev network: PreviewEnvironment network or networkParameterPrefix)`);
    }
    // an instance that forwards traffic for others (source/destination check off) is a NAT instance
    if (r.type === 'AWS::EC2::Instance' && (r.properties.SourceDestCheck === false || r.properties.SourceDestCheck === 'false')) {
      problems.push(`${describe(r)}: a preview creates no NAT instance of its own (share the dev network: PreviewEnvironment network or networkParameterPrefix)`);
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
