/*
 * Values many test files share: the account and region of concrete stacks, an image, a certificate
 * and a CodeConnections ARN that validation accepts, and the profiles in the order tests run them.
 */
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { Profile } from '../src';

/** The account and region of the concrete test stacks (`testStack`). */
export const ENV = { account: '123456789012', region: 'us-east-1' };

/** A public image any service test can run. */
export const IMAGE = ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable');

/** An ACM certificate ARN in `ENV`. */
export const CERT_ARN = 'arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555';

/** A CodeConnections connection ARN in `ENV`. */
export const CONNECTION_ARN = 'arn:aws:codeconnections:us-east-1:123456789012:connection/0f1e2d3c-aaaa-bbbb-cccc-123456789abc';

/** Every profile, in the order the per-profile tests run them. */
export const PROFILES = [Profile.DEV, Profile.STAGING, Profile.PROD, Profile.PREVIEW];
