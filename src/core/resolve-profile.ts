import { IConstruct } from 'constructs';
import { ContextKeys } from './context';
import { Profile } from './profile';
import { PropValidator } from './validation';

const ALL_PROFILES = Object.values(Profile) as string[];

/**
 * Resolves the profile of a construct: the explicit value, else the context key
 * `paved-road:profile` seen from `scope`, else `Profile.DEV`.
 *
 * @internal
 */
export function resolveProfile(scope: IConstruct, explicit?: Profile): Profile {
  const fromContext = scope.node.tryGetContext(ContextKeys.PROFILE);
  const validator = new PropValidator('Profile', scope.node.path || 'App');
  const forced = scope.node.tryGetContext(ContextKeys.FORCED_PROFILE);
  if (forced !== undefined) {
    validator.check(`context '${ContextKeys.FORCED_PROFILE}'`, forced, (f) => ALL_PROFILES.includes(f), `one of ${ALL_PROFILES.join(', ')}`);
    validator.check('profile', explicit, (e) => e === forced, `${forced} (or unset): the context value '${ContextKeys.FORCED_PROFILE}' forces it here`);
    validator.throwIfInvalid();
    return forced as Profile;
  }
  if (explicit !== undefined) {
    validator.check('profile', explicit, (v) => ALL_PROFILES.includes(v), `one of ${ALL_PROFILES.join(', ')}`);
    validator.throwIfInvalid();
    return explicit;
  }
  if (fromContext === undefined || fromContext === null || fromContext === '') {
    return Profile.DEV;
  }
  const value = String(fromContext).trim().toLowerCase();
  validator.check(`context '${ContextKeys.PROFILE}'`, fromContext, () => ALL_PROFILES.includes(value), `one of ${ALL_PROFILES.join(', ')}`);
  validator.throwIfInvalid();
  return value as Profile;
}
