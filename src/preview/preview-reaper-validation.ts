import { Duration } from 'aws-cdk-lib';
import { PREVIEW_DEFAULTS } from './defaults';
import type { PreviewReaperProps } from './preview-reaper-props';
import { PreviewRoles } from './preview-roles';
import { Kind, KIND_WORDS, PropValidator } from '../core/validation';

/**
 * Checks every prop of `PreviewReaper` and throws one error listing each problem.
 *
 * @param resolved the interval, warning time and longest ttl the reaper runs with (props or defaults)
 * @internal
 */
export function validatePreviewReaperProps(path: string, props: PreviewReaperProps,
  resolved: { readonly interval: Duration; readonly warnBefore: Duration; readonly maxTtl: Duration }): void {
  const { interval, warnBefore, maxTtl } = resolved;
  const v = new PropValidator('PreviewReaper', path);
  // kinds first (JavaScript callers, casts through jsii): the checks below compute with these values
  const durations = [
    v.kind('interval', props.interval, Kind.duration, KIND_WORDS.duration),
    v.kind('warnBefore', props.warnBefore, Kind.duration, KIND_WORDS.duration),
    v.kind('maxTtl', props.maxTtl, Kind.duration, KIND_WORDS.duration),
  ].every((ok) => ok);
  v.kind('dryRun', props.dryRun, Kind.boolean, KIND_WORDS.boolean);
  v.kind('topic', props.topic, Kind.withMembers('topicArn', 'topicName'), 'an sns.ITopic');
  v.check('previewRoles', props.previewRoles, (r) => r instanceof PreviewRoles, 'a PreviewRoles construct');
  if (!durations) v.throwIfInvalid();
  const minutes = (d: Duration) => d.toMinutes({ integral: false });
  v.check('interval', props.interval, (d) => Number.isInteger(minutes(d)) && minutes(d) >= minutes(PREVIEW_DEFAULTS.minReaperInterval) && minutes(d) <= minutes(PREVIEW_DEFAULTS.maxReaperInterval),
    'whole minutes from 5 minutes to 24 hours (a pass over thousands of stacks must finish before the next starts)');
  v.check('maxTtl', props.maxTtl, (d) => minutes(d) >= minutes(PREVIEW_DEFAULTS.minTtl) && minutes(d) <= minutes(PREVIEW_DEFAULTS.maxTtl), 'from 1 hour to 14 days');
  if (!warnBefore.isUnresolved() && !interval.isUnresolved() && !maxTtl.isUnresolved()) {
    v.check('warnBefore', props.warnBefore, (d) => minutes(d) >= minutes(interval) && minutes(d) < minutes(maxTtl),
      `at least the interval (${interval.toHumanString()}) and shorter than the ttl of previews (maxTtl, ${maxTtl.toHumanString()})`);
  }
  v.throwIfInvalid();
}
