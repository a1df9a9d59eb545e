import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { ALL_PACKS, expectNagClean, testApp, testStack, validationError } from './nag';
import { devNetworkLookups } from './network-lookups';
import {
  ContextKeys, PavedRoadCache, PavedRoadDatabase, PavedRoadGuardrails, PavedRoadNetwork, PavedRoadService, PreviewEnvironment, Profile,
} from '../src';

const IMAGE = ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable');

/** The default dev environment (network, service, PostgreSQL, cache) in one stack. */
function environment(context: Record<string, unknown>): { app: App; stack: Stack } {
  const app = testApp(context);
  const stack = testStack(app);
  const network = new PavedRoadNetwork(stack, 'Network');
  new PavedRoadDatabase(stack, 'Database', { network });
  new PavedRoadCache(stack, 'Cache', { network });
  new PavedRoadService(stack, 'Api', { network, image: IMAGE });
  return { app, stack };
}

type Resources = Record<string, { Type: string; Properties: any }>;

function keysOf(template: Template): Resources {
  return template.findResources('AWS::KMS::Key') as Resources;
}

/** The logical id of the key a resource's property references (`Fn::GetAtt [id, Arn]` or `Ref`). */
function keyIdOf(value: any): string {
  return value?.['Fn::GetAtt']?.[0] ?? value?.Ref;
}

/** An ARN in the partition of the stack, as the template writes it. */
function arn(rest: string): unknown {
  return { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, rest]] };
}

/** The key policy's statements, with the root account's administration (CDK's default statement) left out. */
function serviceStatements(key: { Properties: any }): any[] {
  return key.Properties.KeyPolicy.Statement.filter((s: any) => !JSON.stringify(s.Principal ?? '').includes(':root'));
}

describe('shared keys (context paved-road:shared-keys)', () => {
  describe('in the default dev environment with shared keys on', () => {
    const { app, stack } = environment({ [ContextKeys.SHARED_KEYS]: true });
    expectNagClean(app);
    const template = Template.fromStack(stack);
    const keys = keysOf(template);
    const logsKeyId = Object.keys(keys).find((id) => id.startsWith('PavedRoadSharedKeysLogsKey'))!;
    const topicsKeyId = Object.keys(keys).find((id) => id.startsWith('PavedRoadSharedKeysTopicsKey'))!;

    test('four keys instead of seven: one for logs, one for alarm topics, and the database and cache storage keys', () => {
      expect(Object.keys(keys).map((id) => id.replace(/[0-9A-F]{8}$/, '')).sort())
        .toEqual(['CacheKey', 'DatabaseKey', 'PavedRoadSharedKeysLogsKey', 'PavedRoadSharedKeysTopicsKey']);
      for (const key of Object.values(keys)) expect(key.Properties.EnableKeyRotation).toBe(true);
    });

    test('the service logs and the VPC flow logs use the logs key; the database and cache logs keep their storage keys', () => {
      const logGroups = template.findResources('AWS::Logs::LogGroup') as Resources;
      const byKey = (id: string) => Object.keys(logGroups).filter((g) => keyIdOf(logGroups[g].Properties.KmsKeyId) === id).sort();
      expect(byKey(logsKeyId)).toEqual([expect.stringMatching(/^ApiLogs/), expect.stringMatching(/^NetworkFlowLogs/)].sort());
      expect(byKey(logsKeyId)).toHaveLength(2);
      expect(Object.values(logGroups).filter((g) => keyIdOf(g.Properties.KmsKeyId)?.startsWith('DatabaseKey')).length).toBeGreaterThan(0);
      expect(Object.values(logGroups).filter((g) => keyIdOf(g.Properties.KmsKeyId)?.startsWith('CacheKey')).length).toBe(2);
    });

    test('the three alarm topics use the topics key', () => {
      const topics = template.findResources('AWS::SNS::Topic') as Resources;
      expect(Object.values(topics).map((t) => keyIdOf(t.Properties.KmsMasterKeyId))).toEqual([topicsKeyId, topicsKeyId, topicsKeyId]);
    });

    test('the logs key lets CloudWatch Logs use it for the account\'s log groups only, and nothing else', () => {
      expect(serviceStatements(keys[logsKeyId])).toEqual([
        {
          Effect: 'Allow',
          Principal: { Service: 'logs.us-east-1.amazonaws.com' },
          Action: ['kms:Decrypt', 'kms:Encrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*'],
          Resource: '*',
          Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': arn(':logs:us-east-1:123456789012:log-group:*') } },
        },
        expect.objectContaining({ Sid: 'DenyGrantsExceptForAwsServices', Effect: 'Deny', Action: 'kms:CreateGrant' }),
      ]);
    });

    test('the topics key lets CloudWatch alarms of the account use it for the account\'s topics only, and nothing else', () => {
      expect(serviceStatements(keys[topicsKeyId])).toEqual([
        {
          Effect: 'Allow',
          Principal: { Service: 'cloudwatch.amazonaws.com' },
          Action: ['kms:Decrypt', 'kms:Encrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*'],
          Resource: '*',
          Condition: {
            StringEquals: { 'aws:SourceAccount': '123456789012' },
            ArnLike: { 'kms:EncryptionContext:aws:sns:topicArn': arn(':sns:us-east-1:123456789012:*') },
          },
        },
        expect.objectContaining({ Sid: 'DenyGrantsExceptForAwsServices', Effect: 'Deny', Action: 'kms:CreateGrant' }),
      ]);
    });

    test('the shared keys are tagged like the resources of a paved-road construct, and deleted with a dev stack', () => {
      for (const id of [logsKeyId, topicsKeyId]) {
        const key = template.toJSON().Resources[id];
        expect(key.DeletionPolicy).toBe('Delete');
        expect(key.Properties.Tags).toEqual(expect.arrayContaining([
          { Key: 'paved-road:owner', Value: 'team-test' },
          { Key: 'paved-road:profile', Value: 'dev' },
          { Key: 'paved-road:construct', Value: 'PavedRoadSharedKeys' },
          { Key: 'paved-road:version', Value: expect.any(String) },
        ]));
      }
    });
  });

  test('the same key policies as a key per construct: each principal keeps its conditions', () => {
    // GIVEN the same environment without shared keys
    const own = keysOf(Template.fromStack(environment({}).stack));
    const shared = keysOf(Template.fromStack(environment({ [ContextKeys.SHARED_KEYS]: 'true' }).stack));
    const statementsOf = (keys: Resources, prefix: string) => serviceStatements(Object.entries(keys).find(([id]) => id.startsWith(prefix))![1]);
    // THEN the shared logs key grants what the service's own log key granted, the topics key what an alarm topic key granted
    expect(statementsOf(shared, 'PavedRoadSharedKeysLogsKey')).toEqual(statementsOf(own, 'ApiLogKey'));
    expect(statementsOf(shared, 'PavedRoadSharedKeysLogsKey')).toEqual(statementsOf(own, 'NetworkFlowLogKey'));
    expect(statementsOf(shared, 'PavedRoadSharedKeysTopicsKey')).toEqual(statementsOf(own, 'ApiAlarmTopicKey'));
    expect(statementsOf(shared, 'PavedRoadSharedKeysTopicsKey')).toEqual(statementsOf(own, 'DatabaseAlarmTopicKey'));
  });

  test('unset, false and "false": a key per construct, under the construct ids keys always had', () => {
    for (const value of [undefined, false, 'false']) {
      const keys = Object.keys(keysOf(Template.fromStack(environment(value === undefined ? {} : { [ContextKeys.SHARED_KEYS]: value }).stack)));
      expect(keys).toHaveLength(7);
      for (const prefix of ['NetworkFlowLogKey', 'DatabaseKey', 'DatabaseAlarmTopicKey', 'CacheKey', 'CacheAlarmTopicKey', 'ApiLogKey', 'ApiAlarmTopicKey']) {
        expect(keys).toContainEqual(expect.stringMatching(new RegExp(`^${prefix}[0-9A-F]{8}$`)));
      }
    }
  });

  test.each([[Profile.STAGING], [Profile.PROD]])('%s keeps a key per construct even with shared keys on', (profile) => {
    const app = testApp({ [ContextKeys.SHARED_KEYS]: true, [ContextKeys.PROFILE]: profile });
    const stack = testStack(app);
    const network = new PavedRoadNetwork(stack, 'Network');
    new PavedRoadDatabase(stack, 'Database', { network });
    const keys = Object.keys(keysOf(Template.fromStack(stack)));
    expect(keys.filter((id) => id.startsWith('PavedRoadSharedKeys'))).toEqual([]);
    expect(keys).toHaveLength(3);
  });

  test('a preview stack shares its keys too, and passes the guardrails (all four packs, strict)', () => {
    const prefix = '/checkout/dev/network';
    const app = new App({ context: { 'paved-road:owner': 'team-checkout', [ContextKeys.SHARED_KEYS]: true, ...devNetworkLookups(prefix) } });
    const preview = new PreviewEnvironment(app, 'Preview', { branch: 'feature/keys', networkParameterPrefix: prefix, env: { account: '123456789012', region: 'us-east-1' } });
    const stack = preview.addStack('Checkout');
    const network = preview.networkFor(stack);
    new PavedRoadService(stack, 'Api', { network, image: IMAGE });
    new PavedRoadService(stack, 'Worker', { network, image: IMAGE });
    PavedRoadGuardrails.enforce(app, { packs: ALL_PACKS, strict: true });
    app.synth();
    const template = Template.fromStack(stack);
    // two services: one logs key and one topics key instead of four keys
    expect(Object.keys(keysOf(template)).sort()).toEqual([expect.stringMatching(/^PavedRoadSharedKeysLogsKey/), expect.stringMatching(/^PavedRoadSharedKeysTopicsKey/)]);
    // the preview boundary lets a preview use only keys tagged as the preview's
    template.allResourcesProperties('AWS::KMS::Key', { Tags: Match.arrayWith([{ Key: 'paved-road:preview', Value: 'true' }]) });
  });

  test.each([['yes'], [1], [{}]])('any other value (%j) is an error naming the context key', (value) => {
    const app = testApp({ [ContextKeys.SHARED_KEYS]: value });
    const stack = testStack(app);
    const error = validationError(() => new PavedRoadNetwork(stack, 'Network'));
    expect(error.message).toContain(`context 'paved-road:shared-keys': ${JSON.stringify(value)} is not allowed; allowed: true or false`);
  });
});
