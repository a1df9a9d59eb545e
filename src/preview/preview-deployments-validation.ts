import { APPROVER_ROLES } from './defaults';
import type { PreviewDeploymentsProps } from './preview-deployments-props';
import { PreviewRoles } from './preview-roles';
import { Kind, KIND_WORDS, PropValidator } from '../core/validation';

const NAME_PATTERN = /^[A-Za-z0-9_.-]{1,100}$/;
/** Context keys the library and the CDK read: a branch passed under one of them would change what they do. */
const RESERVED_CONTEXT_KEY = /^(paved-road:|aws:cdk:|aws-cdk:)/;
/** A git branch name (git check-ref-format, simplified): no spaces, no `..`, no control or regex-special characters. */
const BRANCH_PATTERN = /^(?!\/|.*\/$|.*\.\.|.*\/\/|.*\.lock$|.*@\{)[A-Za-z0-9._\/-]{1,255}$/;
const ACTOR_ID_PATTERN = /^[1-9][0-9]{0,19}$/;

/** Checks every prop of `PreviewDeployments` and throws one error listing each problem. @internal */
export function validatePreviewDeploymentsProps(path: string, props: PreviewDeploymentsProps): void {
  const v = new PropValidator('PreviewDeployments', path);
  // Every string is checked as a string first: a pattern test would read the number 5 (or NaN) as the name "5" ("NaN").
  const isText = (x: unknown): x is string => typeof x === 'string';
  v.require('repositoryOwner', props.repositoryOwner, 'pass the GitHub owner of the app repository');
  v.require('repositoryName', props.repositoryName, 'pass the GitHub repository of the app');
  if (props.repositoryOwner !== '') v.check('repositoryOwner', props.repositoryOwner, (o) => isText(o) && NAME_PATTERN.test(o), 'a GitHub owner name (letters, digits, _ . -)');
  if (props.repositoryName !== '') v.check('repositoryName', props.repositoryName, (n) => isText(n) && NAME_PATTERN.test(n), 'a GitHub repository name (letters, digits, _ . -)');
  v.check('branchContextKey', props.branchContextKey, (k) => isText(k) && /^[A-Za-z0-9_.:-]+$/.test(k) && !RESERVED_CONTEXT_KEY.test(k),
    'a context key of letters, digits, _ . : -, not one the library or the CDK reads (paved-road:..., aws:cdk:..., aws-cdk:...): the branch would become its value');
  v.require('previewRoles', props.previewRoles, 'pass the account\'s PreviewRoles (e.g. `reaper.previewRoles`)');
  v.check('previewRoles', props.previewRoles, (r) => r instanceof PreviewRoles, 'a PreviewRoles construct');
  v.check('baseBranch', props.baseBranch, (b) => typeof b === 'string' && BRANCH_PATTERN.test(b), 'a branch name such as main or release/1.x (letters, digits, . _ / -)');
  v.check('trustedActorIds', props.trustedActorIds, (ids) => Array.isArray(ids) && ids.length > 0 && ids.every((actor) => typeof actor === 'string' && ACTOR_ID_PATTERN.test(actor)),
    'a non-empty list of numeric GitHub user ids, e.g. [\'1234567\']');
  v.check('approverRoles', props.approverRoles, (roles) => Array.isArray(roles) && roles.length > 0 && roles.every((r) => APPROVER_ROLES.includes(r)),
    `a non-empty list of ${APPROVER_ROLES.join(', ')}`);
  v.check('installCommand', props.installCommand, (c) => typeof c === 'string' && c.trim().length > 0, 'a command, e.g. npm ci');
  v.check('stackSelector', props.stackSelector, (x) => isText(x) && x.trim().length > 0 && !/^[*/\s]+$/.test(x) && !x.includes("'"),
    'the path of the preview\'s stacks, e.g. Preview/** (not every stack of the app: merge and close destroy what it selects)');
  if (v.kind('timeout', props.timeout, Kind.duration, KIND_WORDS.duration)) {
    v.check('timeout', props.timeout, (t) => Number.isInteger(t.toMinutes({ integral: false })) && t.toMinutes() >= 5 && t.toMinutes() <= 480,
      'whole minutes from 5 minutes to 8 hours (CodeBuild takes the timeout in minutes)');
  }
  v.throwIfInvalid();
}
