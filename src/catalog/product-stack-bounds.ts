import { AspectPriority, Aspects, CfnResource, Fn, IAspect, Stack, Tags } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import { LaunchScope, PRODUCT_TAG } from './launch-scope';

/**
 * Marks what a product template creates so that its launch role can act on it and on nothing else
 * (see `createLaunchRole`):
 *
 * - every role carries the product's permissions boundary (`iam.PermissionsBoundary`, which also
 *   covers the roles of CDK custom-resource providers) and, like every customer-managed policy,
 *   lives under the product's IAM path;
 * - every bucket is named `<bucketPrefix><stack id>` (S3 tag conditions need ABAC enabled per
 *   bucket, names need nothing): unique per provisioned product, at most 60 characters;
 * - every taggable resource carries `paved-road:product=<key>`, which the launch role's KMS
 *   conditions and the boundary's secret and key conditions read.
 *
 * The boundary is referred to by name in the account the template is provisioned in.
 *
 * @internal
 */
export function boundProductStack(stack: Stack, launch: LaunchScope): void {
  Tags.of(stack).add(PRODUCT_TAG, launch.key);
  iam.PermissionsBoundary.of(stack).apply(iam.ManagedPolicy.fromManagedPolicyName(stack, 'PermissionsBoundary', launch.boundaryName));
  Aspects.of(stack).add(new ProductResourceNames(launch), { priority: AspectPriority.MUTATING });
}

class ProductResourceNames implements IAspect {
  private readonly bucketIndex = new Map<IConstruct, number>();

  constructor(private readonly launch: LaunchScope) {}

  public visit(node: IConstruct): void {
    if (!CfnResource.isCfnResource(node)) return;
    switch (node.cfnResourceType) {
      case 'AWS::IAM::Role':
      case 'AWS::IAM::ManagedPolicy':
        node.addPropertyOverride('Path', this.launch.iamPath);
        break;
      case 'AWS::S3::Bucket': {
        // The stack id's UUID (36 characters) makes the name unique per provisioned product.
        const stackUuid = Fn.select(2, Fn.split('/', Stack.of(node).stackId));
        if (!this.bucketIndex.has(node)) this.bucketIndex.set(node, this.bucketIndex.size);
        const index = this.bucketIndex.get(node)!;
        node.addPropertyOverride('BucketName', Fn.join('', [this.launch.bucketPrefix, stackUuid, ...(index === 0 ? [] : [`-${index}`])]));
        break;
      }
    }
  }
}
