import { Duration } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { MAX_TTL_CONTEXT, PREVIEW_DEFAULTS } from './defaults';
import type { PreviewEnvironmentProps } from './preview-environment-props';
import { Profile } from '../core/profile';
import { Kind, KIND_WORDS, PropValidator } from '../core/validation';

const SSM_PREFIX_PATTERN = /^\/[A-Za-z0-9_.\-/]*[A-Za-z0-9_.\-]$/;

/**
 * Checks every prop of `PreviewEnvironment` (and the platform's longest ttl, context
 * `paved-road:preview-max-ttl-hours`) and throws one error listing each problem.
 *
 * @param branchName the branch's stack-name part (`PreviewEnvironment.sanitizeBranch`), empty when it has no letter or digit
 * @internal
 */
export function validatePreviewEnvironmentProps(scope: Construct, props: PreviewEnvironmentProps, branchName: string): void {
  const hours = (d: Duration) => d.toHours({ integral: false });

  const v = new PropValidator('PreviewEnvironment', scope.node.path);
  v.check('profile', props.profile, (p) => p === Profile.PREVIEW, 'preview (or unset): a preview always uses the PREVIEW profile');
  if (props.branch === undefined || props.branch === null || props.branch === '') {
    v.require('branch', undefined, 'pass the branch or pull request, e.g. `-c branch=feature/login`');
  } else if (v.kind('branch', props.branch, Kind.string, KIND_WORDS.string)) {
    v.check('branch', props.branch, () => branchName.length > 0,
      'a branch with at least one letter or digit, in any script (the stack names hold its a-z and 0-9 and a hash of the whole branch)');
  }
  const rawMax = scope.node.tryGetContext(MAX_TTL_CONTEXT);
  const numeric = typeof rawMax === 'number' || (typeof rawMax === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(rawMax));
  const platformMaxHours = rawMax === undefined ? hours(PREVIEW_DEFAULTS.maxTtl) : numeric ? Number(rawMax) : NaN;
  v.check(`context '${MAX_TTL_CONTEXT}'`, rawMax, () => Number.isFinite(platformMaxHours) && platformMaxHours >= 1 && platformMaxHours <= hours(PREVIEW_DEFAULTS.maxTtl),
    'a number of hours from 1 to 336 (14 days)');
  const platformMaxValid = Number.isFinite(platformMaxHours) && platformMaxHours >= 1;
  const maxHours = platformMaxValid ? Math.min(platformMaxHours, hours(PREVIEW_DEFAULTS.maxTtl)) : hours(PREVIEW_DEFAULTS.maxTtl);
  if (v.kind('ttl', props.ttl, Kind.duration, KIND_WORDS.duration)) {
    v.check('ttl', props.ttl, (d) => hours(d) >= hours(PREVIEW_DEFAULTS.minTtl) && hours(d) <= maxHours,
      `from 1 hour to ${Duration.hours(maxHours).toHumanString()}${rawMax === undefined ? '' : ` (the platform's maximum, context '${MAX_TTL_CONTEXT}')`}`);
  }
  v.kind('network', props.network, Kind.withMembers('vpc', 'cluster', 'workloadSubnets', 'dataSubnets'),
    'an IPavedRoadNetwork: PavedRoadNetwork.fromVpc(...) over the looked-up dev VPC (an ec2.Vpc alone is not one), or use networkParameterPrefix');
  if (props.network && props.networkParameterPrefix !== undefined) {
    v.fail('networkParameterPrefix', props.networkParameterPrefix, 'unset when `network` is given (one source of the shared network)');
  }
  if (v.kind('networkParameterPrefix', props.networkParameterPrefix, Kind.string, KIND_WORDS.string)) {
    v.check('networkParameterPrefix', props.networkParameterPrefix, (p) => SSM_PREFIX_PATTERN.test(p),
      'an SSM parameter path starting with / and not ending with / (letters, digits, _ . - /), e.g. /paved-road/dev/network');
  }
  if (v.kind('sharedLoadBalancer', props.sharedLoadBalancer, Kind.boolean, KIND_WORDS.boolean) && props.sharedLoadBalancer !== undefined
    && props.networkParameterPrefix === undefined) {
    v.fail('sharedLoadBalancer', props.sharedLoadBalancer, 'unset without networkParameterPrefix: the shared load balancer is found through the dev network\'s parameters (a `network` passed in brings its own previewLoadBalancer, or none)');
  }
  if (v.kind('env', props.env, Kind.record, "an Environment, e.g. { account: '123456789012', region: 'eu-west-1' }")) {
    v.check('env.account', props.env?.account, (a) => typeof a === 'string' && /^\d{12}$/.test(a), 'a 12-digit AWS account id');
    v.check('env.region', props.env?.region, (r) => typeof r === 'string' && /^[a-z]{2,}(-[a-z]+)+-\d+$/.test(r), 'an AWS region such as eu-west-1');
  }
  v.throwIfInvalid();
}
