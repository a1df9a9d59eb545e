/*
 * The upgrade safety net. test/upgrade/baseline/ holds the example platform app's templates (dev,
 * staging, prod, a preview, the pipeline) as the previous release synthesized them, with the defaults
 * version they belong to. An app pinned to that version must get the same templates from this code;
 * without the pin, no stateful resource may be replaced or lost, and every change is listed.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ContextKeys, DefaultsVersions } from '../src';
import { jsonDifferences, losesState, templateChanges } from './upgrade/changes';
import { synthesizeUpgradeApp, Template, templateFileName } from './upgrade/upgrade-app';

const BASELINE_DIR = path.join(__dirname, 'upgrade', 'baseline');
const manifest: { defaultsVersion: string; stacks: Record<string, string> } = JSON.parse(fs.readFileSync(path.join(BASELINE_DIR, 'manifest.json'), 'utf-8'));
const baseline: Record<string, Template> = Object.fromEntries(Object.entries(manifest.stacks)
  .map(([stack, file]) => [stack, JSON.parse(fs.readFileSync(path.join(BASELINE_DIR, file), 'utf-8'))]));

const pinned = synthesizeUpgradeApp({ [ContextKeys.DEFAULTS_VERSION]: manifest.defaultsVersion });
const newest = synthesizeUpgradeApp({ [ContextKeys.DEFAULTS_VERSION]: DefaultsVersions.LATEST });

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

/**
 * Stateful resources a default change removes on purpose, by `<stack> <logical id>`, each with why no
 * data a team keeps is lost. Reviewed like the snapshot below: every other loss fails the test, and an
 * entry that no longer matches a change fails too.
 */
const ACCEPTED_LOSSES: Record<string, string> = {
  'Preview/preview-feature-upgrade-check-8c3a53af484c50d3/Checkout CheckoutAccessLogs79674F0B':
    'PreviewEnvironment sharedLoadBalancer (0.2): the preview\'s service shares the dev network\'s load balancer, which logs to the dev network\'s bucket; '
    + 'the preview\'s own load balancer and its access-log bucket go, and that bucket only held a throw-away preview\'s access logs, '
    + 'expiring after 3 days and emptied on deletion by design (autoDeleteObjects).',
};

describe(`upgrading without the pin (newest defaults, ${DefaultsVersions.LATEST})`, () => {
  const changes = Object.keys(baseline).flatMap((stack) => (newest[stack] ? templateChanges(stack, baseline[stack], newest[stack]) : []));
  const losses = changes.filter(losesState);
  const key = (c: { stack: string; logicalId: string }) => `${c.stack} ${c.logicalId}`;

  test('replaces, destroys or orphans no stateful resource (but the reviewed, accepted losses)', () => {
    expect(losses.filter((c) => ACCEPTED_LOSSES[key(c)] === undefined)).toEqual([]);
    expect(Object.keys(ACCEPTED_LOSSES).filter((k) => !losses.some((c) => key(c) === k))).toEqual([]);
  });

  test('keeps every stack', () => {
    expect(Object.keys(baseline).filter((stack) => !newest[stack])).toEqual([]);
  });

  test('changes exactly what UPGRADING.md lists (every changed resource and property, reviewed in this snapshot)', () => {
    expect(changes.map((c) => `${c.stack} ${c.logicalId} (${c.type}) ${c.impact}: ${c.properties.join(', ')}`)).toMatchSnapshot();
  });
});
