/**
 * The README sections rendered from code: the shared per-profile defaults table, each construct's
 * own per-profile defaults, the cfn-guard controls disabled by design, and the estimated cost of each
 * profile's default environment. Tests compare the README with these; `npx projen readme:tables`
 * rewrites the README sections between their markers.
 */
import * as fs from 'fs';
import * as path from 'path';
import { renderCostTable } from './cost-defaults';
import { renderProfileTable, renderTable } from './profile-table-md';
import { CACHE_DEFAULTS } from '../src/cache/defaults';
import { DATABASE_DEFAULTS } from '../src/database/defaults';
import { GUARD_RULES_DISABLED_BY_DESIGN } from '../src/guardrails/policy-as-code';
import { NETWORK_DEFAULTS } from '../src/network/defaults';
import { PIPELINE_DEFAULTS } from '../src/pipeline/defaults';
import { SERVICE_DEFAULTS } from '../src/service/defaults';

/**
 * Every README section rendered from code, by marker name, but the cost table (`costSections`), which
 * synthesizes four environments and has a test of its own.
 */
export function renderedSections(): Record<string, string> {
  return {
    'profile-defaults': renderProfileTable(),
    'guard-disabled': renderGuardTable(),
    'network-defaults': renderTable(NETWORK_DEFAULTS),
    'service-defaults': renderTable(SERVICE_DEFAULTS),
    'database-defaults': renderTable(DATABASE_DEFAULTS),
    'cache-defaults': renderTable(CACHE_DEFAULTS),
    'pipeline-defaults': renderTable(PIPELINE_DEFAULTS),
  };
}

/** The README sections rendered by the cost estimator, by marker name. */
export function costSections(): Record<string, string> {
  return { 'cost-defaults': renderCostTable() };
}

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
  readmeSection(readme, name); // throws when the markers are missing
  const start = readme.indexOf(`<!-- ${name}:start -->`) + `<!-- ${name}:start -->`.length;
  const end = readme.indexOf(`<!-- ${name}:end -->`);
  return `${readme.slice(0, start)}\n${body}\n${readme.slice(end)}`;
}

if (require.main === module) {
  let readme = fs.readFileSync(README, 'utf-8');
  for (const [name, body] of Object.entries({ ...renderedSections(), ...costSections() })) readme = replaceSection(readme, name, body);
  fs.writeFileSync(README, readme);
  console.log('README tables rewritten');
}
