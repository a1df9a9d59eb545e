import * as fs from 'fs';
import * as path from 'path';
import { App, RemovalPolicy, Token } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { Linter } from 'eslint';
import { testApp, testStack, validationError } from './nag';
import { renderProfileTable } from '../scripts/profile-table-md';
import { README, readmeSection, renderedSections } from '../scripts/readme-tables';
import {
  CacheDefaults, ContextKeys, DatabaseDefaults, NetworkDefaults, PavedRoadConstruct, PavedRoadConstructProps, PavedRoadTags,
  PipelineDefaults, Profile, ProfileDefaults, ServiceDefaults,
} from '../src';
import { isoSeconds, now, pinClock, resetClock } from '../src/core/clock';
import { PropValidator } from '../src/core/validation';

/** The smallest paved-road construct: one bucket, so tags and profile can be observed. */
class Probe extends PavedRoadConstruct {
  public readonly bucket: s3.Bucket;
  constructor(scope: Construct, id: string, props: PavedRoadConstructProps = {}) {
    super(scope, id, props, 'Probe');
    this.bucket = new s3.Bucket(this, 'Bucket', { removalPolicy: RemovalPolicy.DESTROY });
  }
}

function bucketTags(template: Template): Record<string, string> {
  const buckets = template.findResources('AWS::S3::Bucket');
  const [bucket] = Object.values(buckets);
  return Object.fromEntries((bucket.Properties.Tags as { Key: string; Value: string }[]).map((t) => [t.Key, t.Value]));
}

describe('Profile resolution', () => {
  test('GIVEN no profile and no context THEN DEV', () => {
    const stack = testStack(testApp());
    expect(new Probe(stack, 'P').profile).toBe(Profile.DEV);
  });

  test.each([['prod', Profile.PROD], ['STAGING', Profile.STAGING], [' preview ', Profile.PREVIEW]])(
    'GIVEN context paved-road:profile=%j THEN %s', (value, expected) => {
      const stack = testStack(testApp({ [ContextKeys.PROFILE]: value }));
      expect(new Probe(stack, 'P').profile).toBe(expected);
    });

  test('GIVEN an explicit profile THEN it wins over the context', () => {
    const stack = testStack(testApp({ [ContextKeys.PROFILE]: 'prod' }));
    expect(new Probe(stack, 'P', { profile: Profile.STAGING }).profile).toBe(Profile.STAGING);
  });

  test('GIVEN an unknown context profile THEN the error names the key, the value and the allowed values', () => {
    const stack = testStack(testApp({ [ContextKeys.PROFILE]: 'production' }));
    const error = validationError(() => new Probe(stack, 'P'));
    expect(error.message).toMatch(/context 'paved-road:profile': "production" is not allowed; allowed: one of dev, staging, prod, preview/);
  });

  test('GIVEN a forced profile THEN constructs resolve it and an explicit other profile is an error', () => {
    const stack = testStack(testApp({ [ContextKeys.FORCED_PROFILE]: 'preview', [ContextKeys.PROFILE]: 'prod' }));
    expect(new Probe(stack, 'P').profile).toBe(Profile.PREVIEW);
    expect(new Probe(stack, 'Q', { profile: Profile.PREVIEW }).profile).toBe(Profile.PREVIEW);
    expect(() => new Probe(stack, 'R', { profile: Profile.PROD })).toThrow(/profile: "prod" is not allowed; allowed: preview \(or unset\)/);
  });
});

describe('ProfileDefaults', () => {
  test('prod is Multi-AZ, protected, snapshotted and NIST-checked; dev is none of that', () => {
    const prod = ProfileDefaults.of(Profile.PROD);
    const dev = ProfileDefaults.of(Profile.DEV);
    expect([prod.multiAz, prod.deletionProtection, prod.dataRemovalPolicy]).toEqual([true, true, RemovalPolicy.SNAPSHOT]);
    expect([dev.multiAz, dev.deletionProtection, dev.dataRemovalPolicy]).toEqual([false, false, RemovalPolicy.DESTROY]);
    expect(prod.compliancePacks).toContain('nist-800-53-r5');
    expect(dev.compliancePacks).toEqual(['aws-solutions']);
  });

  test('each construct reads its own table: 30-day backups and 3 AZs in prod, 7 days and 2 AZs in dev', () => {
    const backups = [Profile.PROD, Profile.STAGING, Profile.DEV, Profile.PREVIEW].map((p) => DatabaseDefaults.of(p).backupRetentionDays);
    expect(backups).toEqual([30, 14, 7, 1]);
    expect([NetworkDefaults.of(Profile.PROD).maxAzs, NetworkDefaults.of(Profile.DEV).maxAzs]).toEqual([3, 2]);
    expect(ServiceDefaults.of(Profile.PROD)).toMatchObject({ serviceCpu: 1024, minHealthyPercent: 100, waf: true });
    expect(CacheDefaults.of(Profile.PROD)).toMatchObject({ cacheNodeType: 'cache.m7g.large', replicasPerShard: 1 });
    expect(PipelineDefaults.of(Profile.PROD).artifactRetentionDays).toBe(365);
  });

  test.each([
    ['NetworkDefaults.of', (p: Profile) => NetworkDefaults.of(p)],
    ['ServiceDefaults.of', (p: Profile) => ServiceDefaults.of(p)],
    ['DatabaseDefaults.of', (p: Profile) => DatabaseDefaults.of(p)],
    ['CacheDefaults.of', (p: Profile) => CacheDefaults.of(p)],
    ['PipelineDefaults.of', (p: Profile) => PipelineDefaults.of(p)],
  ])('%s refuses an unknown profile and returns a copy', (reader, read) => {
    expect(() => read('qa' as Profile)).toThrow(new RegExp(`${reader.replace('.', '\\.')}: profile "qa" is not allowed; allowed: one of dev, preview, staging, prod`));
    (read(Profile.DEV) as unknown as Record<string, unknown>).probe = 1;
    expect(read(Profile.DEV)).not.toHaveProperty('probe');
  });

  test('returns a copy: a caller cannot change the table', () => {
    ProfileDefaults.of(Profile.DEV).compliancePacks.push('hipaa-security' as any);
    expect(ProfileDefaults.of(Profile.DEV).compliancePacks).toEqual(['aws-solutions']);
  });

  test('an unknown profile is an error that lists the profiles', () => {
    expect(() => ProfileDefaults.of('qa' as Profile)).toThrow(/"qa" is not allowed; allowed: one of dev, preview, staging, prod/);
  });

  test('the README tables are the tables in code (shared profile table and each construct\'s own)', () => {
    const readme = fs.readFileSync(README, 'utf-8');
    expect(readmeSection(readme, 'profile-defaults')).toBe(renderProfileTable());
    for (const [name, body] of Object.entries(renderedSections())) expect(readmeSection(readme, name)).toBe(body);
  });
});

describe('PavedRoadConstruct', () => {
  test('GIVEN owner from context THEN every taggable resource carries owner, profile, construct and version', () => {
    const app = testApp({ [ContextKeys.PROFILE]: 'staging' });
    const stack = testStack(app);
    new Probe(stack, 'P', { costCenter: 'cc-1234', tags: { app: 'checkout' } });
    const tags = bucketTags(Template.fromStack(stack));
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf-8'));
    expect(tags).toEqual({
      [PavedRoadTags.OWNER]: 'team-test',
      [PavedRoadTags.PROFILE]: 'staging',
      [PavedRoadTags.CONSTRUCT]: 'Probe',
      [PavedRoadTags.VERSION]: pkg.version,
      [PavedRoadTags.COST_CENTER]: 'cc-1234',
      app: 'checkout',
    });
    expect(PavedRoadConstruct.LIBRARY_VERSION).toBe(pkg.version);
  });

  test('GIVEN an owner prop THEN it wins over the context', () => {
    const stack = testStack(testApp());
    const probe = new Probe(stack, 'P', { owner: 'team-payments' });
    expect(probe.owner).toBe('team-payments');
    expect(bucketTags(Template.fromStack(stack))['paved-road:owner']).toBe('team-payments');
  });

  test('GIVEN no owner anywhere THEN a clear error says how to give one', () => {
    const stack = testStack(new App());
    expect(() => new Probe(stack, 'P')).toThrow(/Probe 'TestStack\/P' has 1 invalid prop:\n {2}- owner: is required; pass `owner` \(a team name or e-mail\) or set the context value 'paved-road:owner'/);
  });

  test('GIVEN an owner, cost center and tags a tag cannot carry THEN one error lists each', () => {
    const stack = testStack(testApp());
    const error = validationError(() => new Probe(stack, 'P', {
      owner: 'team#1',
      costCenter: 'x'.repeat(300),
      tags: { 'aws:reserved': 'v', 'paved-road:owner': 'someone-else', 'ok': 'bad{value}' },
    }));
    expect(error.problems).toHaveLength(5);
    expect(error.message).toMatch(/owner: "team#1" is not allowed/);
    expect(error.message).toMatch(/costCenter: "x{300}" is not allowed/);
    expect(error.message).toMatch(/tags key: "aws:reserved" is not allowed/);
    expect(error.message).toMatch(/tags key: "paved-road:owner" is not allowed; allowed: .*reserved/);
    expect(error.message).toMatch(/tags\['ok'\]: "bad\{value\}" is not allowed/);
  });
});

describe('PropValidator', () => {
  test('collects every problem into one error and skips tokens', () => {
    const v = new PropValidator('Thing', 'Stack/Thing');
    v.check('port', 70000, (p) => p <= 65535, 'an integer from 1 to 65535')
      .check('count', Token.asNumber({ Ref: 'Count' }), (c) => c > 0, 'a positive integer')
      .check('name', '', (n) => n.length > 0, 'a non-empty string')
      .check('unset', undefined, () => false, 'never checked');
    expect(() => v.throwIfInvalid()).toThrow("Thing 'Stack/Thing' has 2 invalid props:\n  - port: 70000 is not allowed; allowed: an integer from 1 to 65535.\n  - name: \"\" is not allowed; allowed: a non-empty string.");
  });

  test('does nothing when every value is valid', () => {
    expect(() => new PropValidator('Thing', 'x').check('port', 80, (p) => p <= 65535, '').throwIfInvalid()).not.toThrow();
  });
});

describe('the library clock', () => {
  afterEach(() => resetClock());

  test('reads the pinned instant, a pinned source on every read, and the machine clock after a reset', () => {
    pinClock('2030-06-01T00:00:00Z');
    expect(now().toISOString()).toBe('2030-06-01T00:00:00.000Z');
    // a caller cannot move the clock by changing what it got
    now().setUTCFullYear(1999);
    expect(now().toISOString()).toBe('2030-06-01T00:00:00.000Z');
    let t = Date.parse('2030-06-01T00:00:00Z');
    pinClock(() => new Date(t));
    t += 1000;
    expect(isoSeconds(now())).toBe('2030-06-01T00:00:01Z');
    // back on the machine's clock, which is past 2025 on any day this runs
    pinClock('1999-01-01T00:00:00Z');
    resetClock();
    expect(now().getUTCFullYear()).toBeGreaterThan(2025);
  });

  test('refuses to pin to something that is not a date', () => {
    expect(() => pinClock('next tuesday')).toThrow('paved-road clock: cannot pin the clock to "next tuesday": not a valid date');
    pinClock(() => new Date(Number.NaN));
    expect(() => now()).toThrow(/the pinned source returned Invalid Date, not a valid Date/);
  });
});

describe('the eslint rules that keep the clock in one module', () => {
  // projen writes a comment line first
  const rc = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '.eslintrc.json'), 'utf-8').replace(/^\/\/.*$/gm, ''));
  const linter = new Linter({ configType: 'eslintrc' });
  const flagged = (code: string) => linter.verify(code, {
    parserOptions: { ecmaVersion: 2022, sourceType: 'module' },
    rules: { 'no-restricted-syntax': rc.rules['no-restricted-syntax'], 'no-restricted-properties': rc.rules['no-restricted-properties'] },
  }).map((m) => m.line);

  test('refuse new Date(), Date() and Date.now(); allow dates built from a value', () => {
    expect(flagged('const a = new Date();\nconst b = Date.now();\nconst c = Date();\nconst d = new Date(0);\nconst e = new Date(\'2026-01-01T00:00:00Z\');\nconst f = Date.parse(e);')).toEqual([1, 2, 3]);
  });
});

describe('CI runs what the README promises', () => {
  test('.ci/run runs the README quick start\'s commands, in order, and nothing is skipped', () => {
    const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf-8');
    const quickStart = readme.split('## Quick start (contributors)')[1]?.split('```sh\n')[1]?.split('```')[0] ?? '';
    const readmeCommands = quickStart.split('\n').map((l) => l.replace(/#.*$/, '').trim()).filter((l) => l.length > 0);
    const ci = fs.readFileSync(path.join(__dirname, '..', '.ci', 'run'), 'utf-8').split('\n');
    const ciCommands = ci.filter((l) => l.startsWith('npm '));
    expect(readmeCommands).toEqual(['npm install && npm run example', 'npm install && npm test']);
    expect(ciCommands).toEqual(readmeCommands);
    expect(ci).toContain('set -euo pipefail');
  });
});

describe('PavedRoadConstruct props of the wrong kind (JavaScript, or a cast through jsii)', () => {
  test.each([
    ['null props', null, /Probe 'TestStack\/P' has 1 invalid prop:\n {2}- props: null is not allowed; allowed: an object of props/],
    ['a string as props', 'team-a', /props: "team-a" is not allowed; allowed: an object of props/],
    ['a string as tags', { tags: 'x' }, /tags: "x" is not allowed; allowed: a map of names to values/],
    ['a list as tags', { tags: ['a'] }, /tags: \["a"\] is not allowed; allowed: a map of names to values/],
    ['a number as owner', { owner: 7 }, /owner: 7 is not allowed; allowed: a tag value/],
  ])('%s is refused with the prop named', (_name, props, expected) => {
    expect(() => new Probe(testStack(testApp()), 'P', props as unknown as PavedRoadConstructProps)).toThrow(expected);
  });
});
