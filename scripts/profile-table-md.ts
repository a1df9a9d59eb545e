import { Duration } from 'aws-cdk-lib';
import { Profile } from '../src';
import { PROFILE_DEFAULTS } from '../src/core/profile-table';

const PROFILES = [Profile.DEV, Profile.PREVIEW, Profile.STAGING, Profile.PROD];

function cell(v: unknown): string {
  if (Array.isArray(v)) return v.join(', ');
  if (v instanceof Duration) return v.toHumanString();
  return String(v);
}

/** Renders a per-profile table (one row per setting, one column per profile) as Markdown. */
export function renderTable(table: Record<Profile, object>): string {
  const keys = Object.keys(table[Profile.DEV]);
  return [
    `| setting | ${PROFILES.join(' | ')} |`,
    `| --- | ${PROFILES.map(() => '---').join(' | ')} |`,
    ...keys.map((k) => `| \`${k}\` | ${PROFILES.map((p) => cell((table[p] as Record<string, unknown>)[k])).join(' | ')} |`),
  ].join('\n');
}

/** Renders the shared per-profile defaults as the Markdown table the README carries. */
export function renderProfileTable(): string {
  return renderTable(PROFILE_DEFAULTS);
}
