import { Profile } from '../src';
import { PROFILE_DEFAULTS } from '../src/core/profile-table';

/** Renders the per-profile defaults as the Markdown table the README carries. */
export function renderProfileTable(): string {
  const profiles = [Profile.DEV, Profile.PREVIEW, Profile.STAGING, Profile.PROD];
  const keys = Object.keys(PROFILE_DEFAULTS[Profile.DEV]) as (keyof typeof PROFILE_DEFAULTS['dev'])[];
  const cell = (v: unknown) => (Array.isArray(v) ? v.join(', ') : String(v));
  return [
    `| setting | ${profiles.join(' | ')} |`,
    `| --- | ${profiles.map(() => '---').join(' | ')} |`,
    ...keys.map((k) => `| \`${k}\` | ${profiles.map((p) => cell(PROFILE_DEFAULTS[p][k])).join(' | ')} |`),
  ].join('\n');
}

