import * as iam from 'aws-cdk-lib/aws-iam';
import type { PreviewRolesProps } from './preview-roles-props';
import { PropValidator } from '../core/validation';

const QUALIFIER_PATTERN = /^[a-z0-9]{1,10}$/;

/** Checks every prop of `PreviewRoles` and throws one error listing each problem. @internal */
export function validatePreviewRolesProps(path: string, props: PreviewRolesProps): void {
  const v = new PropValidator('PreviewRoles', path);
  v.check('bootstrapQualifier', props.bootstrapQualifier, (q) => typeof q === 'string' && QUALIFIER_PATTERN.test(q), 'up to 10 lower-case letters and digits');
  v.check('deployers', props.deployers, (d) => Array.isArray(d) && d.every((r) => r !== null && typeof r === 'object' && typeof (r as iam.IRole).roleArn === 'string'),
    'a list of iam.IRole');
  v.throwIfInvalid();
}
