/*
 * What `paved-road init` accepts as an app name and an owner, checked before anything is written, with one
 * message per problem that says what is allowed and why.
 */
import { isEntityRef } from '../../src/backstage/entity-ref';
import { TAG_VALUE_PATTERN } from '../../src/core/tag-patterns';

/**
 * App names: lower-case words of letters and digits joined by single hyphens, starting with a letter,
 * 2 to 32 characters. The name becomes the npm package name, the start of every stack name
 * (`<name>-prod-service`), the Backstage system, the dev network's SSM prefix (`/<name>/dev/network`)
 * and the construct-id prefix, which all accept this set.
 */
const APP_NAME = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
const MAX_APP_NAME = 32;

/** The problems with an app name; empty when it is fine. */
export function appNameProblems(name: string | undefined): string[] {
  if (name === undefined || name === '') return ['--name is required: the app name, e.g. --name checkout'];
  const problems: string[] = [];
  const shown = JSON.stringify(name);
  if (name.length < 2 || name.length > MAX_APP_NAME) problems.push(`--name ${shown} has ${name.length} characters; allowed: 2 to ${MAX_APP_NAME}`);
  if (!APP_NAME.test(name)) {
    problems.push(`--name ${shown} is not allowed; allowed: lower-case letters and digits in words joined by single hyphens, starting with a letter ` +
      '(e.g. checkout, order-service): it names the npm package, the stacks, the Backstage system and SSM parameters');
  }
  // Only the preview deploy role may create stacks named preview-* (README, security model), and the reaper deletes them.
  if (/^preview(-|$)/.test(name)) problems.push(`--name ${shown} is not allowed: stack names starting with preview- belong to preview environments`);
  if (/^(aws|cdk)(-|$)/.test(name)) problems.push(`--name ${shown} is not allowed: names starting with aws or cdk are reserved by AWS and the CDK`);
  return problems;
}

/** The problems with an owner; empty when it is fine. */
export function ownerProblems(owner: string | undefined): string[] {
  if (owner === undefined || owner === '') return ['--owner is required: the owning team, e.g. --owner team-checkout (a Backstage group reference)'];
  const problems: string[] = [];
  // The guardrails tag every resource with it, and BackstageCatalog refuses an owner that is not an entity reference.
  if (!isEntityRef(owner, ['group', 'user'])) {
    problems.push(`--owner ${JSON.stringify(owner)} is not allowed; allowed: a Backstage group or user reference such as team-checkout, ` +
      'group:team-checkout or group:default/team-checkout (letters and digits joined by - _ or ., at most 63 characters)');
  }
  if (!TAG_VALUE_PATTERN.test(owner)) problems.push(`--owner ${JSON.stringify(owner)} cannot be a tag value (at most 256 letters, digits, spaces and _ . : / = + - @)`);
  return problems;
}

/** The problems with a cost center (a tag value on every resource); empty when it is fine. */
export function costCenterProblems(costCenter: string | undefined): string[] {
  if (costCenter === undefined) return [];
  if (costCenter === '' || !TAG_VALUE_PATTERN.test(costCenter)) {
    return [`--cost-center ${JSON.stringify(costCenter)} is not allowed; allowed: 1 to 256 letters, digits, spaces and _ . : / = + - @ (it is a tag value)`];
  }
  return [];
}

/** `order-service` -> `OrderService`. */
export function pascalCase(name: string): string {
  return name.split('-').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
}

/** `order-service` -> `order_service` (Python identifiers and module names). */
export function snakeCase(name: string): string {
  return name.replace(/-/g, '_');
}
