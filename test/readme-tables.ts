/**
 * The README sections rendered from code: the per-profile defaults table and the cfn-guard
 * controls disabled by design. Tests compare the README with these; `npx projen readme:tables`
 * rewrites the README sections between their markers.
 */
import * as fs from 'fs';
import * as path from 'path';
import { renderProfileTable } from './profile-table-md';
import { GUARD_RULES_DISABLED_BY_DESIGN } from '../src/core/policy-as-code';

export const README = path.join(__dirname, '..', 'README.md');

/** The guard section's table rows. */
export function renderGuardTable(): string {
  return ['| rule file | reason |', '| --- | --- |',
    ...Object.entries(GUARD_RULES_DISABLED_BY_DESIGN).map(([file, reason]) => `| \`${file}\` | ${reason} |`)].join('\n');
}

/** The text between `<!-- name:start -->` and `<!-- name:end -->`, trimmed. */
export function readmeSection(readme: string, name: string): string {
  const start = readme.indexOf(`<!-- ${name}:start -->`);
  const end = readme.indexOf(`<!-- ${name}:end -->`);
  if (start < 0 || end < start) throw new Error(`README has no section ${name}`);
  return readme.slice(start + `<!-- ${name}:start -->`.length, end).trim();
}

function replaceSection(readme: string, name: string, body: string): string {
  const current = readmeSection(readme, name);
  return readme.replace(current, body);
}

if (require.main === module) {
  let readme = fs.readFileSync(README, 'utf-8');
  readme = replaceSection(readme, 'profile-defaults', renderProfileTable());
  readme = replaceSection(readme, 'guard-disabled', renderGuardTable());
  fs.writeFileSync(README, readme);
  console.log('README tables rewritten');
}
