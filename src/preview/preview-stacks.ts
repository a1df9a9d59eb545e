import { Stack } from 'aws-cdk-lib';
import { arnOf, findingArnOf } from '../core/arns';

/** Every preview stack's name starts with this (PreviewEnvironment names them `preview-<branch>-<stack>`). */
export const PREVIEW_STACK_PREFIX = 'preview-';

/** The ARN that matches every preview stack (named `preview-...`) of the stack's account and region. @internal */
export function previewStacksArn(stack: Stack): string {
  return arnOf(stack, `cloudformation:{R}:{A}:stack/${PREVIEW_STACK_PREFIX}*/*`);
}

/** `previewStacksArn` as cdk-nag names it in a finding id, for acknowledgments that name exactly it. @internal */
export function previewStacksFindingArn(stack: Stack): string {
  return findingArnOf(stack, `cloudformation:{R}:{A}:stack/${PREVIEW_STACK_PREFIX}*/*`);
}
