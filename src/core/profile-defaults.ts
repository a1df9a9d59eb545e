import { Profile } from './profile';
import { ProfileSettings } from './profile-settings';
import { PROFILE_DEFAULTS } from './profile-table';

/** The profiles in the order the defaults tables list them. */
const TABLE_ORDER = [Profile.DEV, Profile.PREVIEW, Profile.STAGING, Profile.PROD];

/**
 * Throws when `profile` is not one of the profiles (a JavaScript caller, or a cast), naming `reader`.
 * @internal
 */
export function assertProfile(reader: string, profile: Profile): void {
  if (!TABLE_ORDER.includes(profile)) {
    throw new Error(`${reader}: profile ${JSON.stringify(profile)} is not allowed; allowed: one of ${TABLE_ORDER.join(', ')}.`);
  }
}

/** The shared settings of one profile: the one place `PROFILE_DEFAULTS` is read. @internal */
export function profileSettings(profile: Profile): ProfileSettings {
  return PROFILE_DEFAULTS[profile];
}

/**
 * Reads the per-profile defaults every paved-road construct shares (log retention, removal
 * policies, deletion protection, Multi-AZ, alarm actions, compliance packs). Each construct's own
 * defaults have their reader: `NetworkDefaults`, `ServiceDefaults`, `DatabaseDefaults`,
 * `CacheDefaults`, `PipelineDefaults`.
 */
export class ProfileDefaults {
  /** The shared defaults of one profile. */
  public static of(profile: Profile): ProfileSettings {
    assertProfile('ProfileDefaults.of', profile);
    const settings = profileSettings(profile);
    return { ...settings, compliancePacks: [...settings.compliancePacks] };
  }

  private constructor() {}
}
