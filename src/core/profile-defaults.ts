import { Profile } from './profile';
import { ProfileSettings } from './profile-settings';
import { PROFILE_DEFAULTS } from './profile-table';

/**
 * Reads the per-profile defaults table.
 */
export class ProfileDefaults {
  /** The defaults of one profile. */
  public static of(profile: Profile): ProfileSettings {
    const settings = PROFILE_DEFAULTS[profile];
    if (!settings) {
      throw new Error(`ProfileDefaults.of: profile ${JSON.stringify(profile)} is not allowed; allowed: one of ${Object.keys(PROFILE_DEFAULTS).join(', ')}.`);
    }
    return { ...settings, compliancePacks: [...settings.compliancePacks] };
  }

  private constructor() {}
}
