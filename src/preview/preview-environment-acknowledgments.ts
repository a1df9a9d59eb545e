import { Stack } from 'aws-cdk-lib';
import { acknowledgeCdkProvider, CdkProviderFacts } from '../core/acknowledge';

/**
 * The CDK-provided providers that empty a preview's buckets and repositories when it is deleted, which is what
 * `previewDeletionProblems` asks for.
 */
const EMPTYING_PROVIDERS: CdkProviderFacts[] = [
  {
    resourceType: 'Custom::S3AutoDeleteObjects',
    purpose: 'empties the buckets of this preview stack when the preview is deleted, as PreviewEnvironment requires of every bucket',
    runs: 'only when a bucket of the preview is deleted',
    noVpc: 'it calls only the S3 API and holds no data of its own',
    failing: 'the deletion of the preview',
  },
  {
    resourceType: 'Custom::ECRAutoDeleteImages',
    purpose: 'empties the ECR repositories of this preview stack (autoDeleteImages) when the preview is deleted, as PreviewEnvironment requires of every repository',
    runs: 'only when a repository of the preview is deleted',
    noVpc: 'it calls only the ECR API and holds no data of its own',
    failing: 'the deletion of the preview',
  },
];

/**
 * The findings of the CDK-provided providers that empty a preview stack's buckets and repositories on
 * deletion (PreviewEnvironment asks for them), where the stack has them.
 * @internal
 */
export function acknowledgeEmptyingProviders(stack: Stack): void {
  for (const facts of EMPTYING_PROVIDERS) acknowledgeCdkProvider(stack, facts);
}
