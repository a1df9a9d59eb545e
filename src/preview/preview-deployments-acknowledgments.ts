import * as iam from 'aws-cdk-lib/aws-iam';
import { acknowledge } from '../core/acknowledge';
import { AwsSolutionsRule } from '../core/rule-ids';

/** The build role's policy: the KMS data-key variants CodeBuild uses on the project's own key. @internal */
export function acknowledgeBuildPolicy(policy: iam.ManagedPolicy): void {
  acknowledge(policy, [{
    rules: [AwsSolutionsRule.IAM5],
    reason: 'kms ReEncrypt*/GenerateDataKey* are the variants CodeBuild uses on this project\'s own key; the role assumes nothing but the preview deploy role.',
    appliesTo: ['Action::kms:ReEncrypt*', 'Action::kms:GenerateDataKey*'],
  }]);
}
