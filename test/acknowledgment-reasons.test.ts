import * as fs from 'fs';
import * as path from 'path';
import { CfnResource, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import {
  DatabaseEngine, PavedRoadCache, PavedRoadDatabase, PavedRoadGuardrails, PavedRoadNetwork, PavedRoadService, Profile,
} from '../src';
import { ALL_PACKS, testApp, testStack } from './nag';
import { GuardrailAcknowledgment } from '../src/guardrails/guardrail-results';

type Resource = { Type: string; DeletionPolicy?: string; Properties?: Record<string, any> };
type Resources = Record<string, Resource>;

/** One claim a reason can make that the template can prove or disprove. */
interface Claim {
  readonly name: string;
  readonly pattern: RegExp;
  /** Undefined when the claim holds; else what the template says instead. Only called on resources it `appliesTo`. */
  readonly check: (facts: Facts, match: RegExpExecArray) => string | undefined;
  /** Resource types the claim is about. */
  readonly appliesTo: string[];
}

/** The acknowledged resource, the resource that holds the data for it (an Aurora instance's cluster), and the profile. */
interface Facts {
  readonly resource: Resource;
  readonly data: Resource;
  readonly profile: Profile;
}

const DELETION_POLICY: Record<string, string> = { SNAPSHOT: 'Snapshot', RETAIN: 'Retain', DESTROY: 'Delete' };
const DATABASES = ['AWS::RDS::DBInstance', 'AWS::RDS::DBCluster'];
const DATA_STORES = [...DATABASES, 'AWS::ElastiCache::ReplicationGroup'];
const PROFILE_NAMES = Object.values(Profile).join('|');

const expectEqual = (what: string, actual: unknown, expected: unknown) =>
  (JSON.stringify(actual) === JSON.stringify(expected) ? undefined : `${what} is ${JSON.stringify(actual)}, not ${JSON.stringify(expected)}`);

const CLAIMS: Claim[] = [
  {
    name: 'removal policy X',
    pattern: /removal policy (SNAPSHOT|RETAIN|DESTROY)\b/,
    appliesTo: DATA_STORES,
    check: (f, m) => expectEqual('DeletionPolicy', f.data.DeletionPolicy ?? 'Delete', DELETION_POLICY[m[1]]),
  },
  {
    name: 'a final snapshot',
    pattern: /(?<!no )final snapshot/,
    appliesTo: DATA_STORES,
    check: (f) => expectEqual('DeletionPolicy', f.data.DeletionPolicy ?? 'Delete', 'Snapshot'),
  },
  {
    name: 'no final snapshot',
    pattern: /no final snapshot/,
    appliesTo: DATA_STORES,
    check: (f) => (f.data.DeletionPolicy === 'Snapshot' ? 'DeletionPolicy is Snapshot' : undefined),
  },
  {
    name: 'backups kept N days',
    pattern: /kept (\d+) days?/,
    appliesTo: DATABASES,
    check: (f, m) => (Number(m[1]) < 1 ? `"kept ${m[1]} days" keeps nothing` : expectEqual('BackupRetentionPeriod', f.data.Properties?.BackupRetentionPeriod, Number(m[1]))),
  },
  {
    name: 'snapshots kept N days',
    pattern: /(?:keeps automatic snapshots|snapshots are kept) (\d+) days?/,
    appliesTo: ['AWS::ElastiCache::ReplicationGroup'],
    check: (f, m) => (Number(m[1]) < 1 ? `"${m[0]}" keeps nothing` : expectEqual('SnapshotRetentionLimit', f.data.Properties?.SnapshotRetentionLimit, Number(m[1]))),
  },
  {
    name: 'objects expire after N days',
    pattern: /expire after (\d+) days?/,
    appliesTo: ['AWS::S3::Bucket'],
    check: (f, m) => expectEqual('ExpirationInDays', (f.resource.Properties?.LifecycleConfiguration?.Rules ?? [])
      .map((r: { ExpirationInDays?: number }) => r.ExpirationInDays).filter((d: number | undefined) => d !== undefined), [Number(m[1])]),
  },
  {
    name: 'no automatic snapshots',
    pattern: /no automatic snapshots/,
    appliesTo: ['AWS::ElastiCache::ReplicationGroup'],
    check: (f) => expectEqual('SnapshotRetentionLimit', f.data.Properties?.SnapshotRetentionLimit ?? 0, 0),
  },
  {
    name: 'no deletion protection',
    pattern: /(?:no|without) deletion protection/,
    appliesTo: DATABASES,
    check: (f) => expectEqual('DeletionProtection', f.data.Properties?.DeletionProtection ?? false, false),
  },
  {
    name: 'single-AZ',
    pattern: /single-AZ/,
    appliesTo: ['AWS::RDS::DBInstance'],
    check: (f) => expectEqual('MultiAZ', f.resource.Properties?.MultiAZ ?? false, false),
  },
  {
    name: 'not Multi-AZ',
    pattern: /not Multi-AZ/,
    appliesTo: ['AWS::ElastiCache::ReplicationGroup'],
    check: (f) => expectEqual('MultiAZEnabled', f.resource.Properties?.MultiAZEnabled ?? false, false),
  },
  {
    name: 'no replica',
    pattern: /(?:it has|without a|runs without a) (?:no )?replica\b/,
    appliesTo: ['AWS::ElastiCache::ReplicationGroup'],
    check: (f) => expectEqual('replicas', f.resource.Properties?.ReplicasPerNodeGroup ?? (f.resource.Properties?.NumCacheClusters ?? 1) - 1, 0),
  },
  {
    name: 'alarm actions off',
    pattern: /alarm actions off|without alarm actions|shows its state only/,
    appliesTo: ['AWS::CloudWatch::Alarm'],
    check: (f) => expectEqual('AlarmActions', f.resource.Properties?.AlarmActions ?? [], []),
  },
  {
    name: 'the X profile',
    pattern: new RegExp(`\\bthe (${PROFILE_NAMES}) profile\\b`, 'g'),
    appliesTo: ['*'],
    check: (f, m) => expectEqual('the profile', f.profile, m[1]),
  },
  {
    name: '(X/Y) profiles',
    pattern: new RegExp(`\\(((?:${PROFILE_NAMES})(?:/(?:${PROFILE_NAMES}))+)\\)`),
    appliesTo: ['*'],
    check: (f, m) => (m[1].split('/').includes(f.profile) ? undefined : `the profile is ${f.profile}, not one of ${m[1]}`),
  },
];

/** Every data store and the service, in `profile`, with the defaults and with props that change what the reasons say. */
function synthesize(profile: Profile) {
  const app = testApp({ 'paved-road:profile': profile });
  const guardrails = PavedRoadGuardrails.enforce(app, { packs: ALL_PACKS, strict: true, report: true });
  const stack = testStack(app);
  const network = new PavedRoadNetwork(stack, 'Network');
  new PavedRoadDatabase(stack, 'Postgres', { network });
  new PavedRoadDatabase(stack, 'Mysql', { network, engine: DatabaseEngine.MYSQL });
  new PavedRoadDatabase(stack, 'Aurora', { network, engine: DatabaseEngine.AURORA_POSTGRES_SERVERLESS });
  new PavedRoadDatabase(stack, 'Retained', { network, removalPolicy: RemovalPolicy.RETAIN, backupRetentionDays: 3 });
  new PavedRoadCache(stack, 'Cache', { network });
  new PavedRoadCache(stack, 'LongCache', { network, snapshotRetentionDays: 10 });
  const certificate = profile === Profile.PROD
    ? acm.Certificate.fromCertificateArn(stack, 'Certificate', 'arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555')
    : undefined;
  new PavedRoadService(stack, 'Api', { network, image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable'), certificate });
  const assembly = app.synth();
  const template = JSON.parse(fs.readFileSync(path.join(assembly.directory, stack.templateFile), 'utf-8'));
  const report = JSON.parse(fs.readFileSync(path.join(assembly.directory, 'paved-road-compliance', `${stack.artifactId}.json`), 'utf-8'));
  return { stack, guardrails, resources: template.Resources as Resources, acknowledgments: report.acknowledgments as GuardrailAcknowledgment[] };
}

/** The logical id of the CloudFormation resource at `path`. */
function logicalIdAt(stack: Stack, path_: string): string | undefined {
  const found = stack.node.findAll().find((c) => c.node.path === path_);
  return found instanceof CfnResource ? stack.getLogicalId(found) : undefined;
}

describe.each([Profile.DEV, Profile.PREVIEW, Profile.STAGING, Profile.PROD])('acknowledgment reasons in the %s profile', (profile) => {
  test('every claim a reason makes that the template can check is true of the resource it acknowledges', () => {
    // GIVEN every data store and the service, synthesized with all four packs and the compliance report
    const { stack, guardrails, resources, acknowledgments } = synthesize(profile);
    expect(guardrails.findings).toEqual([]);

    // WHEN each acknowledgment's reason is read for claims
    const wrong: string[] = [];
    const checked = new Set<string>();
    for (const a of acknowledgments) {
      const id = logicalIdAt(stack, a.path);
      if (!id) continue;
      const resource = resources[id];
      const cluster = resource.Properties?.DBClusterIdentifier?.Ref as string | undefined;
      const facts: Facts = { resource, data: cluster ? resources[cluster] : resource, profile };
      for (const claim of CLAIMS) {
        if (!claim.appliesTo.includes('*') && !claim.appliesTo.includes(resource.Type)) continue;
        const pattern = new RegExp(claim.pattern.source, claim.pattern.flags.includes('g') ? claim.pattern.flags : `${claim.pattern.flags}g`);
        for (const match of a.reason.matchAll(pattern)) {
          checked.add(claim.name);
          const problem = claim.check(facts, match as RegExpExecArray);
          if (problem) wrong.push(`${a.path} (${a.rule}): "${match[0]}" but ${problem}: ${a.reason}`);
        }
      }
    }

    // THEN none is false, and the claims every profile makes were checked
    expect([...new Set(wrong)]).toEqual([]);
    expect([...checked]).toEqual(expect.arrayContaining(['removal policy X', 'backups kept N days', 'snapshots kept N days', 'objects expire after N days', 'the X profile']));
  });
});
