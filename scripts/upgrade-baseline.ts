/*
 * Writes the upgrade baseline: the upgrade app's templates as this release synthesizes them, in
 * test/upgrade/baseline/, with the defaults version they belong to. The release task runs it after the
 * version bump; test/upgrade.test.ts then holds every later change to them.
 *
 *   npx ts-node --project tsconfig.dev.json scripts/upgrade-baseline.ts [defaultsVersion]
 */
import * as fs from 'fs';
import * as path from 'path';
import { DefaultsVersions } from '../src';
import { synthesizeUpgradeApp, templateFileName } from '../test/upgrade/upgrade-app';

const BASELINE_DIR = path.join(__dirname, '..', 'test', 'upgrade', 'baseline');

function main(): void {
  const version = process.argv[2] ?? DefaultsVersions.LATEST;
  const templates = synthesizeUpgradeApp({ 'paved-road:defaults-version': version });
  fs.rmSync(BASELINE_DIR, { recursive: true, force: true });
  fs.mkdirSync(BASELINE_DIR, { recursive: true });
  const stacks: Record<string, string> = {};
  for (const [stackPath, template] of Object.entries(templates)) {
    stacks[stackPath] = templateFileName(stackPath);
    fs.writeFileSync(path.join(BASELINE_DIR, stacks[stackPath]), JSON.stringify(template, undefined, 1) + '\n');
  }
  fs.writeFileSync(path.join(BASELINE_DIR, 'manifest.json'), JSON.stringify({ defaultsVersion: version, stacks }, undefined, 2) + '\n');
  console.log(`upgrade baseline for defaults version ${version}: ${Object.keys(stacks).length} stacks in ${path.relative(process.cwd(), BASELINE_DIR)}`);
}

main();
