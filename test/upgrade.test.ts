/*
 * The upgrade safety net. test/upgrade/baseline/ holds the example platform app's templates (dev,
 * staging, prod, a preview, the pipeline) as the previous release synthesized them, with the defaults
 * version they belong to. An app pinned to that version must get the same templates from this code;
 * without the pin, no stateful resource may be replaced or lost, and every change is listed.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ContextKeys, DefaultsVersions } from '../src';
import { jsonDifferences, losesState, TemplateChange, templateChanges } from './upgrade/changes';
import { synthesizeUpgradeApp, Template, templateFileName } from './upgrade/upgrade-app';

const BASELINE_DIR = path.join(__dirname, 'upgrade', 'baseline');
const manifest: { defaultsVersion: string; stacks: Record<string, string> } = JSON.parse(fs.readFileSync(path.join(BASELINE_DIR, 'manifest.json'), 'utf-8'));
const baseline: Record<string, Template> = Object.fromEntries(Object.entries(manifest.stacks)
  .map(([stack, file]) => [stack, JSON.parse(fs.readFileSync(path.join(BASELINE_DIR, file), 'utf-8'))]));

const pinned = synthesizeUpgradeApp({ [ContextKeys.DEFAULTS_VERSION]: manifest.defaultsVersion });
const unpinned = synthesizeUpgradeApp({ [ContextKeys.DEFAULTS_VERSION]: undefined as unknown as string });
const newest = synthesizeUpgradeApp({ [ContextKeys.DEFAULTS_VERSION]: DefaultsVersions.LATEST });
const changesTo = (after: Record<string, Template>) => Object.keys(baseline)
  .flatMap((stack) => (after[stack] ? templateChanges(stack, baseline[stack], after[stack]) : []));
const describeChange = (c: TemplateChange) => `${c.stack} ${c.logicalId} (${c.type}) ${c.impact}: ${c.properties.join(', ')}`;

describe(`an app pinned to the previous release's defaults (${manifest.defaultsVersion})`, () => {
  test('the baseline names a defaults version this release knows', () => {
    expect(DefaultsVersions.known()).toContain(manifest.defaultsVersion);
  });

  test('synthesizes the same stacks', () => {
    expect(Object.keys(pinned).sort()).toEqual(Object.keys(baseline).sort());
    for (const stack of Object.keys(pinned)) expect(manifest.stacks[stack]).toEqual(templateFileName(stack));
  });

  test.each(Object.keys(manifest.stacks))('synthesizes %s byte-identical to the previous release', (stack) => {
    // a difference here is a default that changed without a row in src/core/default-changes.ts
    expect(jsonDifferences(baseline[stack], pinned[stack])).toEqual([]);
    expect(JSON.stringify(pinned[stack], undefined, 1)).toEqual(JSON.stringify(baseline[stack], undefined, 1));
  });
});

describe('upgrading an app that does not pin its defaults', () => {
  const changes = changesTo(unpinned);

  test('replaces, destroys or orphans no stateful resource', () => {
    expect(changes.filter(losesState).map(describeChange)).toEqual([]);
  });

  test('keeps every stack', () => {
    expect(Object.keys(baseline).filter((stack) => !unpinned[stack])).toEqual([]);
  });
});

describe(`raising the pin to the newest defaults (${DefaultsVersions.LATEST})`, () => {
  const changes = changesTo(newest);

  test('loses state only where a change that needs the pin says so: per-construct keys (sharedKeys) and a preview\'s own access-log bucket (sharedLoadBalancer)', () => {
    const needsPin = DefaultsVersions.changes().filter((c) => c.requiresPin).map((c) => c.setting);
    expect(needsPin).toEqual(expect.arrayContaining(['sharedKeys', 'sharedLoadBalancer']));
    const lost = changes.filter(losesState).map((c) => `${c.type} ${c.impact} ${c.stack.startsWith('Preview/') ? 'preview' : c.stack}`);
    for (const c of lost) {
      expect(c).toMatch(/^(AWS::KMS::Key WILL_DESTROY (Dev\/Checkout|preview)|AWS::S3::Bucket WILL_DESTROY preview)$/);
    }
  });

  test('changes exactly what UPGRADING.md lists (every changed resource and property, reviewed in this snapshot)', () => {
    expect(changes.map(describeChange)).toMatchSnapshot();
  });
});
