/*
 * Renders UPGRADING.md from the one record of default changes (src/core/default-changes.ts).
 * `npx projen upgrading` writes it; test/defaults-version.test.ts fails when the file is stale.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ContextKeys, DefaultsVersions } from '../src';

export const UPGRADING_FILE = path.join(__dirname, '..', 'UPGRADING.md');

function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

export function renderUpgrading(): string {
  const lines = [
    '<!-- Rendered from src/core/default-changes.ts by `npx projen upgrading`; do not edit by hand. -->',
    '# Upgrading paved-road-constructs',
    '',
    'A release never changes what a pinned app deploys. The context key',
    `\`${ContextKeys.DEFAULTS_VERSION}\` in \`cdk.json\` names the defaults version the app was written for;`,
    'every default that changed after it keeps its old value until the team raises the pin:',
    '',
    '```json',
    `{ "context": { "${ContextKeys.DEFAULTS_VERSION}": "${DefaultsVersions.LATEST}" } }`,
    '```',
    '',
    `\`paved-road init\` writes the newest version (${DefaultsVersions.LATEST}). Without the key an app gets the newest defaults`,
    'and one synth warning naming the key; an unknown value is an error that lists the known versions',
    `(${DefaultsVersions.known().join(', ')}).`,
    '',
    'A change marked **pin** in the table would replace or delete a stateful resource of a deployed stack',
    '(a key, a database): it reaches only apps that pin at least its version, never an app without a pin.',
    '',
    'To take a release\'s new defaults: raise the pin one version at a time, read that version\'s rows',
    'below, run `cdk diff` against each deployed stage, and deploy. A construct prop always wins over a',
    'default, pinned or not, so a team can take a new default early or keep an old one for good by',
    'setting the prop.',
    '',
    '## Default changes by version',
    '',
    '| version | construct | setting | profiles | before | after | needs | why |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const c of [...DefaultsVersions.changes()].reverse()) {
    lines.push(`| ${c.version} | ${c.construct} | \`${c.setting}\` | ${c.profiles.join(', ')} | \`${cell(c.before)}\` | \`${cell(c.after)}\` | ${c.requiresPin ? 'pin' : ''} | ${cell(c.reason)} |`);
  }
  lines.push(
    '',
    '## What a release may change',
    '',
    '- A default change goes behind the pin and is a minor release; it is listed above.',
    '- A change that would replace or delete a stateful resource (database, cluster, cache, bucket, key,',
    '  log group, secret, table) of an unpinned app is never released: the upgrade test',
    '  (`test/upgrade.test.ts`) refuses it, using CloudFormation\'s replacement rules.',
    '- Removing or renaming a prop, or narrowing what it accepts, is a major release (minor while the',
    '  version is 0.x); `jsii-diff` against the previous release runs in `npm test`.',
    '',
  );
  return lines.join('\n');
}

if (require.main === module) {
  fs.writeFileSync(UPGRADING_FILE, renderUpgrading());
  console.log(`wrote ${path.relative(process.cwd(), UPGRADING_FILE)}`);
}
