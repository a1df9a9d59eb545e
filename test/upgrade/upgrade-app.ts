/*
 * The app the upgrade safety net synthesizes: the example platform app (examples/platform-app.ts) in
 * every profile (dev, staging and prod stages, a preview of a branch), its delivery pipeline, and the
 * guardrails. scripts/upgrade-baseline.ts writes its templates for the release being cut;
 * test/upgrade.test.ts synthesizes it with the current code and compares.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack, Stage } from 'aws-cdk-lib';
import { buildDelivery, buildPlatformApp, buildPreview, cachedDevNetworkLookups } from '../../examples/platform-app';
import { PavedRoadGuardrails, Profile } from '../../src';
import { pinClock, resetClock } from '../../src/core/clock';

/** The instant the app is synthesized at (a preview's expiry tag depends on it). */
export const UPGRADE_APP_INSTANT = '2026-06-01T00:00:00Z';

/** A template, as JSON. */
export type Template = { [key: string]: any };

/**
 * Synthesizes the upgrade app with `context` added (for example the defaults-version pin) and
 * returns each stack's template by its construct path, normalized (see `normalizeTemplate`).
 */
export function synthesizeUpgradeApp(context: Record<string, string> = {}): Record<string, Template> {
  pinClock(new Date(UPGRADE_APP_INSTANT));
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'paved-road-upgrade-'));
  try {
    const app = new App({
      outdir,
      context: {
        'paved-road:owner': 'team-checkout',
        'paved-road:cost-center': 'cc-4711',
        'branch': 'feature/upgrade-check',
        ...cachedDevNetworkLookups(),
        ...Object.fromEntries(Object.entries(context).filter(([, v]) => v !== undefined)),
      },
    });
    const stages = buildPlatformApp(app, [Profile.DEV, Profile.STAGING, Profile.PROD]);
    buildPreview(app);
    PavedRoadGuardrails.enforce(app, { requireCostCenter: true });
    buildDelivery(app, stages);
    app.synth();
    const templates: Record<string, Template> = {};
    for (const stack of app.node.findAll().filter(Stack.isStack)) {
      const assembly = (Stage.of(stack) ?? app).synth();
      templates[stack.node.path] = normalizeTemplate(assembly.getStackArtifact(stack.artifactId).template);
    }
    return templates;
  } finally {
    resetClock();
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/**
 * What may differ between releases without changing a default: the content hashes of bundled assets
 * (a handler's code, a nested cloud assembly) and the library version stamped in the
 * `paved-road:version` tag. Both are replaced by placeholders.
 */
export function normalizeTemplate(template: Template): Template {
  const text = JSON.stringify(template).replace(/[0-9a-f]{64}/g, '<asset-hash>');
  return stripVersionTag(JSON.parse(text));
}

function stripVersionTag(value: any): any {
  if (Array.isArray(value)) return value.map(stripVersionTag);
  if (value && typeof value === 'object') {
    if (value.Key === 'paved-road:version' && 'Value' in value) return { ...value, Value: '<library-version>' };
    const out: Template = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = k === 'paved-road:version' && typeof v === 'string' ? '<library-version>' : stripVersionTag(v);
    }
    return out;
  }
  return value;
}

/** A file name for a stack path (`Dev/Checkout` → `Dev--Checkout.template.json`). */
export function templateFileName(stackPath: string): string {
  return `${stackPath.replace(/[^A-Za-z0-9-]+/g, '--')}.template.json`;
}
