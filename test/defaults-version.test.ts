import * as fs from 'fs';
import { App, Stack, Stage } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { renderUpgrading, UPGRADING_FILE } from '../scripts/upgrading';
import { ContextKeys, DefaultsVersions, PavedRoadNetwork, PavedRoadService, PipelineSource, PavedRoadPipeline, PreviewEnvironment, Profile } from '../src';
import { testApp, testStack, validationError } from './nag';
import { DEFAULT_CHANGES, DefaultChangeRecord } from '../src/core/default-changes';
import { pinnedDefault, pinnedDefaults } from '../src/core/defaults-version';
import { PROFILE_DEFAULTS } from '../src/core/profile-table';
import { DATABASE_DEFAULTS } from '../src/database/defaults';
import { NETWORK_DEFAULTS } from '../src/network/defaults';
import { PIPELINE_DEFAULTS } from '../src/pipeline/defaults';
import { PREVIEW_DEFAULTS } from '../src/preview/defaults';
import { SERVICE_DEFAULTS } from '../src/service/defaults';

const PROFILES_OF_TABLES = [Profile.DEV, Profile.PREVIEW, Profile.STAGING, Profile.PROD];

/** Every per-profile defaults table a change record may name, by the name the construct passes. */
const TABLES: Record<string, Record<Profile, object>> = {
  profile: PROFILE_DEFAULTS,
  pipeline: PIPELINE_DEFAULTS,
  service: SERVICE_DEFAULTS,
  database: DATABASE_DEFAULTS,
  network: NETWORK_DEFAULTS,
  // the preview defaults are one row, the same in every profile (a preview is always PREVIEW)
  preview: Object.fromEntries(PROFILES_OF_TABLES.map((p) => [p, PREVIEW_DEFAULTS])) as Record<Profile, object>,
};

const CONNECTION = 'arn:aws:codeconnections:us-east-1:123456789012:connection/00000000-0000-0000-0000-000000000000';
const PROFILES = [Profile.DEV, Profile.PREVIEW, Profile.STAGING, Profile.PROD];

function pipelineIn(context: Record<string, unknown>, nodeVersion?: string): Stack {
  const app = testApp(context);
  const stack = testStack(app);
  const dev = new Stage(app, 'Dev', { env: { account: '123456789012', region: 'us-east-1' } });
  new Stack(dev, 'App');
  new PavedRoadPipeline(stack, 'Pipeline', {
    source: PipelineSource.connection('acme/app', 'main', { connectionArn: CONNECTION }),
    stages: [{ name: 'dev', stage: dev }],
    nodeVersion,
  });
  return stack;
}

function pipelineNode(context: Record<string, unknown>, nodeVersion?: string): unknown {
  const stack = pipelineIn(context, nodeVersion);
  const projects = Template.fromStack(stack).findResources('AWS::CodeBuild::Project');
  const specs = Object.values(projects).map((p: any) => JSON.parse(p.Properties.Source.BuildSpec));
  return [...new Set(specs.map((s: any) => s.phases?.install?.['runtime-versions']?.nodejs))];
}

describe('the record of default changes', () => {
  test.each(DEFAULT_CHANGES.map((c) => [`${c.version} ${c.table}.${c.setting}`, c] as [string, DefaultChangeRecord]))('%s names a table, a column and the value the table holds now', (_, change) => {
    const table = TABLES[change.table];
    expect(table).toBeDefined();
    for (const profile of change.profiles) {
      const row = table[profile] as Record<string, unknown>;
      expect(Object.keys(row)).toContain(change.setting);
      // the newest change of a cell holds the table's current value; an older one the next one's `before`
      const later = DEFAULT_CHANGES.filter((c) => c !== change && c.table === change.table && c.setting === change.setting
        && c.profiles.includes(profile) && c.version > change.version);
      expect(later.length > 0 ? later[0].before : row[change.setting]).toEqual(change.after);
    }
    expect(change.before).not.toEqual(change.after);
    expect(change.why.length).toBeGreaterThan(20);
    expect(DefaultsVersions.known()).toContain(change.version);
  });

  test('versions are major.minor, the baseline first and LATEST last', () => {
    const known = DefaultsVersions.known();
    expect(known[0]).toBe(DefaultsVersions.BASELINE);
    expect(known[known.length - 1]).toBe(DefaultsVersions.LATEST);
    for (const v of known) expect(v).toMatch(/^\d+\.\d+$/);
  });

  test('UPGRADING.md is rendered from the record (run `npx projen upgrading`)', () => {
    expect(fs.readFileSync(UPGRADING_FILE, 'utf-8')).toEqual(renderUpgrading());
    for (const change of DefaultsVersions.changes()) expect(renderUpgrading()).toContain(`| ${change.version} | ${change.construct} | \`${change.setting}\``);
  });
});

describe('the context key paved-road:defaults-version', () => {
  test('pins the pipeline\'s Node.js to 20 at 0.1 and moves it to 22 at 0.2', () => {
    expect(pipelineNode({ [ContextKeys.DEFAULTS_VERSION]: '0.1' })).toEqual(['20']);
    expect(pipelineNode({ [ContextKeys.DEFAULTS_VERSION]: '0.2' })).toEqual(['22']);
    expect(pipelineNode({})).toEqual(['22']);
  });

  test('pins the dev network to a NAT gateway and no preview load balancer at 0.1, and previews to their own load balancers', () => {
    for (const [version, nat, shared] of [['0.1', 'gateway', false], ['0.2', 'instance', true]] as const) {
      const app = testApp({ [ContextKeys.DEFAULTS_VERSION]: version });
      const network = new PavedRoadNetwork(testStack(app), 'Network', { parameterPrefix: '/dev/network' });
      expect(network.natType).toBe(nat);
      expect(network.previewLoadBalancer !== undefined).toBe(shared);
      expect(new PreviewEnvironment(app, 'Preview', { branch: 'x', networkParameterPrefix: '/dev/network' }).sharedLoadBalancer).toBe(shared);
    }
  });

  test('a prop wins over the pinned default', () => {
    expect(pipelineNode({ [ContextKeys.DEFAULTS_VERSION]: '0.1' }, '24')).toEqual(['24']);
  });

  test('unset: the newest defaults and one warning per app that names the key', () => {
    const app = new App({ context: { 'paved-road:owner': 'team-test' } });
    const a = testStack(app, 'A');
    const b = testStack(app, 'B');
    new PavedRoadNetwork(a, 'Network1');
    new PavedRoadNetwork(a, 'Network2');
    new PavedRoadNetwork(b, 'Network');
    const warnings = [a, b].flatMap((s) => Annotations.fromStack(s).findWarning('*', Match.stringLikeRegexp('paved-road:defaults-version')));
    expect(warnings).toHaveLength(1);
    expect(String(warnings[0].entry.data)).toContain(`"paved-road:defaults-version": "${DefaultsVersions.LATEST}"`);
    expect(DefaultsVersions.of(a)).toBe(DefaultsVersions.LATEST);
  });

  test('set: no warning', () => {
    const app = testApp({ [ContextKeys.DEFAULTS_VERSION]: DefaultsVersions.LATEST });
    const stack = testStack(app);
    const network = new PavedRoadNetwork(stack, 'Network');
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('paved-road:defaults-version'))).toHaveLength(0);
    expect(network.defaultsVersion).toBe(DefaultsVersions.LATEST);
  });

  test.each([['9.9'], ['0.1.0'], ['latest'], [''.padEnd(3, ' ')], [true]])('an unknown value (%j) is an error naming the key and listing the known versions', (value) => {
    const app = testApp({ [ContextKeys.DEFAULTS_VERSION]: value });
    const err = validationError(() => new PavedRoadNetwork(testStack(app), 'Network'));
    expect(err.message).toContain("context 'paved-road:defaults-version'");
    expect(err.message).toContain(JSON.stringify(value));
    for (const v of DefaultsVersions.known()) expect(err.message).toContain(`"${v}"`);
  });

  test.each([[Profile.DEV], [Profile.PREVIEW]])('ARM64 services in %s run on FARGATE at 0.1 and FARGATE_SPOT at 0.2 (a spot prop wins)', (profile) => {
    const strategy = (context: Record<string, unknown>, spot?: boolean) => {
      const stack = testStack(testApp({ ...context, [ContextKeys.PROFILE]: profile }));
      const service = new PavedRoadService(stack, 'Api', {
        network: new PavedRoadNetwork(stack, 'Network'), image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable'), spot,
      });
      return stack.resolve((service.service.node.defaultChild as ecs.CfnService).capacityProviderStrategy)[0].capacityProvider;
    };
    expect(strategy({ [ContextKeys.DEFAULTS_VERSION]: '0.1' })).toBe('FARGATE');
    expect(strategy({ [ContextKeys.DEFAULTS_VERSION]: '0.2' })).toBe('FARGATE_SPOT');
    expect(strategy({ [ContextKeys.DEFAULTS_VERSION]: '0.1' }, true)).toBe('FARGATE_SPOT');
  });

  test('a change that needs the pin (it would delete a stateful resource) reaches pinned apps only', () => {
    const sharedKeys = (context: Record<string, unknown>) =>
      new PavedRoadNetwork(testStack(testApp({ [ContextKeys.PROFILE]: 'dev', ...context })), 'Network').profileDefaults.sharedKeys;
    expect(DefaultsVersions.changes().find((c) => c.setting === 'sharedKeys')?.requiresPin).toBe(true);
    expect(sharedKeys({})).toBe(false);
    expect(sharedKeys({ [ContextKeys.DEFAULTS_VERSION]: '0.1' })).toBe(false);
    expect(sharedKeys({ [ContextKeys.DEFAULTS_VERSION]: '0.2' })).toBe(true);
  });

  test('a number in cdk.json (0.1) reads as the string it was meant as', () => {
    expect(pipelineNode({ [ContextKeys.DEFAULTS_VERSION]: 0.1 })).toEqual(['20']);
  });
});

describe('pinnedDefaults', () => {
  const scopeAt = (version: string) => new Stack(new App({ context: { [ContextKeys.DEFAULTS_VERSION]: version } }), 'S');
  const fake: DefaultChangeRecord[] = [
    { version: '0.2', construct: 'Test', table: 'test', setting: 'size', profiles: [Profile.DEV], before: 1, after: 2, why: 'first change of the test cell' },
    { version: '0.3', construct: 'Test', table: 'test', setting: 'size', profiles: [Profile.DEV], before: 2, after: 3, why: 'second change of the test cell' },
  ];
  beforeAll(() => DEFAULT_CHANGES.push(...fake));
  afterAll(() => DEFAULT_CHANGES.splice(DEFAULT_CHANGES.length - fake.length, fake.length));

  test('reverts each change made after the pin, the oldest one last', () => {
    expect(pinnedDefaults(scopeAt('0.1'), 'test', Profile.DEV, { size: 3, other: 'x' })).toEqual({ size: 1, other: 'x' });
    expect(pinnedDefaults(scopeAt('0.2'), 'test', Profile.DEV, { size: 3, other: 'x' })).toEqual({ size: 2, other: 'x' });
    expect(pinnedDefaults(scopeAt('0.3'), 'test', Profile.DEV, { size: 3, other: 'x' })).toEqual({ size: 3, other: 'x' });
  });

  test('leaves other profiles and tables alone', () => {
    expect(pinnedDefault(scopeAt('0.1'), 'test', 'size', Profile.PROD, 3)).toBe(3);
    expect(pinnedDefault(scopeAt('0.1'), 'other', 'size', Profile.DEV, 3)).toBe(3);
  });

  test.each(Object.keys(TABLES))('every profile of the %s table is unchanged by a pin to the baseline where no change names it', (table) => {
    for (const profile of PROFILES) {
      const names = new Set(DEFAULT_CHANGES.filter((c) => c.table === table && c.profiles.includes(profile)).map((c) => c.setting));
      const row = TABLES[table][profile];
      const pinned = pinnedDefaults(scopeAt(DefaultsVersions.BASELINE), table, profile, row) as unknown as Record<string, unknown>;
      for (const [key, value] of Object.entries(row)) if (!names.has(key)) expect(pinned[key]).toEqual(value);
    }
  });
});
