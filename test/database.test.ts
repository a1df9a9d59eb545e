import * as fs from 'fs';
import * as path from 'path';
import { App, Duration, RemovalPolicy, SecretValue, Stack, Token } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as sns from 'aws-cdk-lib/aws-sns';
import { NagSuppressions } from 'cdk-nag';
import { DatabaseEngine, PavedRoadDatabase, PavedRoadDatabaseProps, PavedRoadGuardrails, PavedRoadNetwork, Profile } from '../src';
import { PROFILES } from './fixtures';
import { ALL_PACKS, deepScope, expectNagClean, testApp, testStack, validationError } from './nag';
import { resourcesWhere, snapshotOf } from './snapshot';
import { losesState, templateChanges } from './upgrade/changes';


interface Built {
  readonly app: App;
  readonly stack: Stack;
  readonly network: PavedRoadNetwork;
  readonly db: PavedRoadDatabase;
  readonly template: Template;
}

/** One app with a network and a database; `nag` synthesizes it with all four packs first. */
function build(profile: Profile, props: Partial<PavedRoadDatabaseProps> = {}, nag = true): Built {
  const app = testApp({ 'paved-road:profile': profile });
  const stack = testStack(app);
  const network = new PavedRoadNetwork(stack, 'Network');
  const db = new PavedRoadDatabase(stack, 'Database', { network, ...props });
  if (nag) expectNagClean(app);
  let template: Template | undefined;
  // Lazy: a test may still add to the stack (connections, grants) before it reads the template.
  return { app, stack, network, db, get template() { return (template ??= Template.fromStack(stack)); } };
}

function logicalIds(template: Template, type: string): string[] {
  return Object.keys(template.findResources(type)).filter((id) => /^(TestStack)?Database/.test(id)).sort();
}

/** Properties of the one resource of `type` in each template, and the names of those that differ. */
function changedProperties(a: Template, b: Template, type: string): { idA: string; idB: string; changed: string[] } {
  const [[idA, ra]] = Object.entries(a.findResources(type));
  const [[idB, rb]] = Object.entries(b.findResources(type));
  const keys = new Set([...Object.keys(ra.Properties), ...Object.keys(rb.Properties)]);
  const changed = [...keys].filter((k) => JSON.stringify(ra.Properties[k]) !== JSON.stringify(rb.Properties[k])).sort();
  return { idA, idB, changed };
}

describe('PavedRoadDatabase', () => {
  const built: Partial<Record<Profile, Built>> = {};
  const get = (p: Profile) => (built[p] ??= build(p));

  describe.each(PROFILES)('with only network given, in %s', (profile) => {
    test('synthesizes with no unacknowledged finding in all four packs', () => {
      // GIVEN/WHEN a database with only network (build synthesizes with the packs and throws on findings)
      const { template } = get(profile);
      // THEN
      template.resourceCountIs('AWS::RDS::DBInstance', 1);
    });

    test('matches the snapshot', () => {
      expect(snapshotOf(resourcesWhere(get(profile).template, (id) => /^(TestStack)?Database/.test(id)), { hashes: 'HASH', version: 'tags' })).toMatchSnapshot();
    });
  });

  describe('durability per profile', () => {
    test.each([
      [Profile.PROD, 30, true, true, 'Snapshot', 'm7g.large'],
      [Profile.STAGING, 14, false, true, 'Snapshot', 't4g.medium'],
      [Profile.DEV, 7, false, false, 'Delete', 't4g.micro'],
      [Profile.PREVIEW, 1, false, false, 'Delete', 't4g.micro'],
    ])('%s: backups %d days, Multi-AZ %s, deletion protection %s, removal %s, %s', (profile, days, multiAz, protection, policy, size) => {
      const { template } = get(profile);
      template.hasResource('AWS::RDS::DBInstance', {
        DeletionPolicy: policy,
        UpdateReplacePolicy: policy,
        Properties: Match.objectLike({
          BackupRetentionPeriod: days,
          MultiAZ: multiAz,
          DeletionProtection: protection,
          DBInstanceClass: `db.${size}`,
          CopyTagsToSnapshot: true,
          AutoMinorVersionUpgrade: true,
          PreferredMaintenanceWindow: 'Sun:03:30-Sun:04:30',
          PreferredBackupWindow: '02:00-03:00',
        }),
      });
    });

    test('the generated master secret, the key and the log groups are retained in prod and deleted in dev', () => {
      for (const [profile, policy] of [[Profile.PROD, 'Retain'], [Profile.DEV, 'Delete']] as const) {
        const { template } = get(profile);
        template.hasResource('AWS::SecretsManager::Secret', { DeletionPolicy: policy });
        template.hasResource('AWS::KMS::Key', { DeletionPolicy: policy, Properties: Match.objectLike({ Description: Match.stringLikeRegexp('storage, master secret') }) });
        template.allResources('AWS::Logs::LogGroup', Match.anyValue());
        expect(Object.values(template.findResources('AWS::Logs::LogGroup', { Properties: { LogGroupName: Match.stringLikeRegexp('^/aws/rds/') } }))
          .every((r) => r.DeletionPolicy === policy)).toBe(true);
      }
    });

    test('removalPolicy RETAIN is honoured', () => {
      const { template } = build(Profile.DEV, { removalPolicy: RemovalPolicy.RETAIN }, false);
      template.hasResource('AWS::RDS::DBInstance', { DeletionPolicy: 'Retain' });
    });

    test('a single-AZ prod database is allowed with a warning', () => {
      const { stack } = build(Profile.PROD, { multiAz: false }, false);
      Annotations.fromStack(stack).hasWarning('/TestStack/Database', Match.stringLikeRegexp('multiAz is false in prod'));
    });
  });

  describe('deletion protection exception', () => {
    const REASON = 'Migration window: the team deletes this database after the cut-over on 2031-03-01.';
    // The rules that report a database without deletion protection (cdk-nag 2.38's PCI pack has no such rule).
    const DELETION_PROTECTION_RULES = ['AwsSolutions-RDS10', 'NIST.800.53.R5-RDSInstanceDeletionProtectionEnabled', 'HIPAA.Security-RDSInstanceDeletionProtectionEnabled'];
    /** A prod (or `profile`) app with the packs and the compliance report; nothing synthesized yet. */
    const unprotected = (profile: Profile, props: Partial<PavedRoadDatabaseProps> = {}) => {
      const app = testApp({ 'paved-road:profile': profile });
      const guardrails = PavedRoadGuardrails.enforce(app, { packs: ALL_PACKS, strict: true, report: true });
      const stack = testStack(app);
      const db = new PavedRoadDatabase(stack, 'Database', {
        network: new PavedRoadNetwork(stack, 'Network'), deletionProtection: false, deletionProtectionExceptionReason: REASON, ...props,
      });
      return { app, guardrails, stack, db };
    };

    test.each([Profile.PROD, Profile.STAGING])('GIVEN %s WHEN deletionProtection is false without a reason THEN synth fails naming the prop, the value and what is allowed', (profile) => {
      const error = validationError(() => unprotected(profile, { deletionProtectionExceptionReason: undefined }));
      expect(error.message).toMatch(new RegExp(`deletionProtection: false is not allowed; allowed: true \\(or unset\\) in ${profile}, where the profile protects databases from deletion.*; or false with deletionProtectionExceptionReason saying why`));
    });

    test('GIVEN an Aurora cluster in prod WHEN deletionProtection is false without a reason THEN synth fails', () => {
      expect(() => unprotected(Profile.PROD, { engine: DatabaseEngine.AURORA_POSTGRES_SERVERLESS, deletionProtectionExceptionReason: undefined }))
        .toThrow(/deletionProtection: false is not allowed/);
    });

    test('GIVEN prod WHEN the exception reason is given THEN RDS10 and its twins stay unacknowledged findings, and the exception is recorded', () => {
      // WHEN
      const { app, guardrails, db } = unprotected(Profile.PROD);
      // THEN: the construct acknowledges nothing about the missing protection
      expect(() => app.synth()).toThrow(/\n {4}AwsSolutions-RDS10: .*\n {6}TestStack\/Database\/Instance\/Resource\n/);
      const findings = guardrails.findings.filter((f) => f.path === 'TestStack/Database/Instance/Resource').map((f) => f.rule).sort();
      expect(findings).toEqual([...DELETION_PROTECTION_RULES].sort());
      expect(guardrails.acknowledgments.filter((a) => DELETION_PROTECTION_RULES.includes(a.rule))).toEqual([]);
      expect(db.node.metadata.filter((m) => m.type === 'paved-road:exception').map((m) => m.data)).toEqual([{ control: 'deletionProtection', reason: REASON }]);
    });

    test('GIVEN prod and the exception WHEN the team acknowledges RDS10 and its twins itself THEN it synthesizes, with the team\'s reason and the exception in the report', () => {
      const { app, guardrails, stack, db } = unprotected(Profile.PROD);
      NagSuppressions.addResourceSuppressions(db, DELETION_PROTECTION_RULES.map((id) => ({ id, reason: REASON })), true);
      const assembly = app.synth();
      expect(guardrails.findings).toEqual([]);
      const template = JSON.parse(fs.readFileSync(path.join(assembly.directory, stack.templateFile), 'utf-8'));
      expect(Object.values(template.Resources).filter((r: any) => r.Type === 'AWS::RDS::DBInstance').map((r: any) => r.Properties.DeletionProtection)).toEqual([false]);
      const acknowledged = guardrails.acknowledgments.filter((a) => DELETION_PROTECTION_RULES.includes(a.rule));
      expect(acknowledged.map((a) => a.reason)).toEqual(DELETION_PROTECTION_RULES.map(() => REASON));
      const report = JSON.parse(fs.readFileSync(path.join(assembly.directory, 'paved-road-compliance', `${stack.artifactId}.json`), 'utf-8'));
      expect(report.exceptions).toEqual([{ path: 'TestStack/Database', control: 'deletionProtection', reason: REASON }]);
      expect(fs.readFileSync(path.join(assembly.directory, 'paved-road-compliance', `${stack.artifactId}.md`), 'utf-8'))
        .toContain(`| TestStack/Database | deletionProtection | ${REASON} |`);
    });

    test('GIVEN an Aurora cluster in staging WHEN the exception reason is given THEN the cluster is unprotected and RDS10 stays a finding on it', () => {
      const { app, guardrails } = unprotected(Profile.STAGING, { engine: DatabaseEngine.AURORA_POSTGRES_SERVERLESS });
      expect(() => app.synth()).toThrow(/AwsSolutions-RDS10/);
      expect(guardrails.findings.map((f) => `${f.path} ${f.rule}`)).toContain('TestStack/Database/Cluster/Resource AwsSolutions-RDS10');
    });

    test.each<[string, string]>([
      ['shorter than 20 characters', 'temporary'],
      ['without a letter', '2031-03-01 / 2031-04-01'],
      ['blank', '                         '],
    ])('refuses a reason %s', (_name, reason) => {
      expect(() => unprotected(Profile.PROD, { deletionProtectionExceptionReason: reason }))
        .toThrow(/deletionProtectionExceptionReason: ".*" is not allowed; allowed: a reason of at least 20 characters \(the compliance report lists it\)/);
    });

    test.each<[string, boolean | undefined, Profile]>([
      ['unset', undefined, Profile.PROD],
      ['true', true, Profile.PROD],
      ['unset in dev', undefined, Profile.DEV],
    ])('refuses the reason when deletionProtection is %s', (_name, deletionProtection, profile) => {
      expect(() => unprotected(profile, { deletionProtection }))
        .toThrow(/deletionProtectionExceptionReason: ".*" is not allowed; allowed: unset unless deletionProtection is false: it is the reason for that exception/);
    });

    test('GIVEN dev, whose profile leaves databases unprotected, THEN the reason is accepted, no exception is recorded and the database acknowledges RDS10 with the profile\'s reason', () => {
      const { app, guardrails, stack } = unprotected(Profile.DEV);
      const assembly = app.synth();
      expect(guardrails.findings).toEqual([]);
      const report = JSON.parse(fs.readFileSync(path.join(assembly.directory, 'paved-road-compliance', `${stack.artifactId}.json`), 'utf-8'));
      expect(report.exceptions).toEqual([]);
      expect(guardrails.acknowledgments.find((a) => a.rule === 'AwsSolutions-RDS10')!.reason).toMatch(/because the dev profile turns it off/);
    });

    test('GIVEN prod WHEN multiAz is false THEN RDS3 and its twins stay findings for the team (the database does not acknowledge the team\'s choice)', () => {
      const { app, guardrails } = unprotected(Profile.PROD, {
        deletionProtection: undefined, deletionProtectionExceptionReason: undefined, multiAz: false,
      });
      expect(() => app.synth()).toThrow(/AwsSolutions-RDS3/);
      expect(guardrails.findings.map((f) => f.rule).sort()).toEqual(['AwsSolutions-RDS3', 'HIPAA.Security-RDSMultiAZSupport', 'NIST.800.53.R5-RDSMultiAZSupport']);
    });
  });

  describe('security', () => {
    test('PostgreSQL 18 on encrypted gp3 with autoscaling, in the data subnets, IAM auth on, never public', () => {
      const { template } = get(Profile.DEV);
      template.hasResourceProperties('AWS::RDS::DBInstance', {
        Engine: 'postgres',
        EngineVersion: '18',
        StorageType: 'gp3',
        AllocatedStorage: '20',
        MaxAllocatedStorage: 100,
        StorageEncrypted: true,
        KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DatabaseKey'), 'Arn'] },
        EnableIAMDatabaseAuthentication: true,
        PubliclyAccessible: false,
        Port: '5433',
        DBName: 'app',
        CACertificateIdentifier: 'rds-ca-rsa2048-g1',
      });
      template.hasResourceProperties('AWS::RDS::DBSubnetGroup', {
        SubnetIds: [{ Ref: Match.stringLikeRegexp('^NetworkVpcDataSubnet1') }, { Ref: Match.stringLikeRegexp('^NetworkVpcDataSubnet2') }],
      });
    });

    test('the key rotates and the parameter group forces TLS', () => {
      const { template } = get(Profile.DEV);
      template.hasResourceProperties('AWS::KMS::Key', { Description: Match.stringLikeRegexp('storage, master secret'), EnableKeyRotation: true });
      template.hasResourceProperties('AWS::RDS::DBParameterGroup', { Family: 'postgres18', Parameters: Match.objectLike({ 'rds.force_ssl': '1' }) });
    });

    test('the master password is generated into Secrets Manager with the database key and rotated by a hosted rotation every 30 days', () => {
      const { template, db } = get(Profile.DEV);
      template.hasResourceProperties('AWS::SecretsManager::Secret', {
        KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DatabaseKey'), 'Arn'] },
        GenerateSecretString: Match.objectLike({ GenerateStringKey: 'password', SecretStringTemplate: '{"username":"dbadmin"}' }),
      });
      template.hasResourceProperties('AWS::SecretsManager::RotationSchedule', {
        HostedRotationLambda: Match.objectLike({ RotationType: 'PostgreSQLSingleUser', KmsKeyArn: Match.anyValue() }),
        RotationRules: { ScheduleExpression: 'rate(30 days)' },
      });
      expect(JSON.stringify(template.toJSON())).not.toMatch(/MasterUserPassword":"[^{]/);
      expect(db.secret).toBeDefined();
    });

    test('Performance Insights encrypted with the key, enhanced monitoring and log exports with retention', () => {
      const { template } = get(Profile.PROD);
      template.hasResourceProperties('AWS::RDS::DBInstance', {
        EnablePerformanceInsights: true,
        PerformanceInsightsKMSKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DatabaseKey'), 'Arn'] },
        PerformanceInsightsRetentionPeriod: 31,
        MonitoringInterval: 60,
        EnableCloudwatchLogsExports: ['postgresql', 'upgrade'],
      });
      for (const log of ['postgresql', 'upgrade']) {
        template.hasResourceProperties('AWS::Logs::LogGroup', {
          LogGroupName: Match.stringLikeRegexp(`^/aws/rds/instance/teststack-database-[0-9a-f]+/${log}$`),
          RetentionInDays: 365,
          KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DatabaseKey'), 'Arn'] },
        });
      }
    });
  });

  describe('engines', () => {
    test('MySQL 8.4 forces TLS, exports error/slow/audit logs through the audit plugin and is nag clean', () => {
      const { template, stack } = build(Profile.DEV, { engine: DatabaseEngine.MYSQL });
      template.hasResourceProperties('AWS::RDS::DBInstance', {
        Engine: 'mysql', EngineVersion: '8.4.10', Port: '3307', EnableCloudwatchLogsExports: ['error', 'slowquery', 'audit'], EnablePerformanceInsights: false,
      });
      template.hasResourceProperties('AWS::RDS::DBParameterGroup', { Family: 'mysql8.4', Parameters: Match.objectLike({ require_secure_transport: '1', slow_query_log: '1' }) });
      template.hasResourceProperties('AWS::RDS::OptionGroup', { OptionConfigurations: [Match.objectLike({ OptionName: 'MARIADB_AUDIT_PLUGIN' })] });
      template.hasResourceProperties('AWS::SecretsManager::RotationSchedule', { HostedRotationLambda: Match.objectLike({ RotationType: 'MySQLSingleUser' }) });
      Annotations.fromStack(stack).hasWarning('/TestStack/Database', Match.stringLikeRegexp('Performance Insights is off'));
    });

    test('MySQL in prod is nag clean and Multi-AZ', () => {
      build(Profile.PROD, { engine: DatabaseEngine.MYSQL }).template.hasResourceProperties('AWS::RDS::DBInstance', { Engine: 'mysql', MultiAZ: true, EnablePerformanceInsights: true });
    });

    test('MySQL on a medium instance gets Performance Insights', () => {
      const { template } = build(Profile.DEV, { engine: DatabaseEngine.MYSQL, instanceType: new ec2.InstanceType('t4g.medium') }, false);
      template.hasResourceProperties('AWS::RDS::DBInstance', { EnablePerformanceInsights: true });
    });

    test.each([Profile.DEV, Profile.PROD])('Aurora PostgreSQL Serverless v2 in %s is nag clean, scales between the ACU and has a reader in prod only', (profile) => {
      const prod = profile === Profile.PROD;
      // nag clean in prod too: PavedRoad-StatefulRetained leaves cluster member instances to the cluster's SNAPSHOT policy
      const aurora = build(profile, { engine: DatabaseEngine.AURORA_POSTGRES_SERVERLESS });
      const template = aurora.template;
      template.hasResource('AWS::RDS::DBCluster', {
        DeletionPolicy: prod ? 'Snapshot' : 'Delete',
        Properties: Match.objectLike({
          Engine: 'aurora-postgresql',
          EngineVersion: '17',
          // dev scales to 0 ACU and pauses after 30 idle minutes; prod keeps 2 ACU
          ServerlessV2ScalingConfiguration: prod
            ? { MinCapacity: 2, MaxCapacity: 64 }
            : { MinCapacity: 0, MaxCapacity: 4, SecondsUntilAutoPause: 1800 },
          StorageEncrypted: true,
          EnableIAMDatabaseAuthentication: true,
          BackupRetentionPeriod: prod ? 30 : 7,
          DeletionProtection: prod,
          EnableCloudwatchLogsExports: ['postgresql'],
          Port: 5433,
        }),
      });
      template.resourceCountIs('AWS::RDS::DBInstance', prod ? 2 : 1);
      template.hasResourceProperties('AWS::RDS::DBClusterParameterGroup', { Parameters: { 'rds.force_ssl': '1' } });
      const lag = template.findResources('AWS::CloudWatch::Alarm', { Properties: { MetricName: 'AuroraReplicaLagMaximum' } });
      expect(Object.keys(lag)).toHaveLength(prod ? 1 : 0);
    });

    test('minCapacity and maxCapacity size Aurora', () => {
      const { template } = build(Profile.DEV, { engine: DatabaseEngine.AURORA_POSTGRES_SERVERLESS, minCapacity: 1, maxCapacity: 8.5 }, false);
      template.hasResourceProperties('AWS::RDS::DBCluster', { ServerlessV2ScalingConfiguration: { MinCapacity: 1, MaxCapacity: 8.5 } });
    });

    describe('scaling to 0 ACU (automatic pause)', () => {
      const AURORA = DatabaseEngine.AURORA_POSTGRES_SERVERLESS;
      const scaling = (profile: Profile, props: Partial<PavedRoadDatabaseProps>, context: Record<string, unknown> = {}) => {
        const app = testApp({ 'paved-road:profile': profile, ...context });
        const stack = testStack(app);
        const db = new PavedRoadDatabase(stack, 'Database', { network: new PavedRoadNetwork(stack, 'Network'), engine: AURORA, ...props });
        const template = Template.fromStack(stack);
        const [cluster] = Object.values(template.findResources('AWS::RDS::DBCluster')) as any[];
        return { db, template, scaling: cluster.Properties.ServerlessV2ScalingConfiguration };
      };

      test('preview pauses after 5 idle minutes, staging keeps 0.5 ACU and no pause setting', () => {
        expect(scaling(Profile.PREVIEW, {}).scaling).toEqual({ MinCapacity: 0, MaxCapacity: 2, SecondsUntilAutoPause: 300 });
        expect(scaling(Profile.STAGING, {}).scaling).toEqual({ MinCapacity: 0.5, MaxCapacity: 16 });
      });

      test.each([[Profile.DEV], [Profile.PREVIEW]])('an app pinned to defaults version 0.1 keeps 0.5 ACU in %s', (profile) => {
        expect(scaling(profile, {}, { 'paved-road:defaults-version': '0.1' }).scaling).toEqual({ MinCapacity: 0.5, MaxCapacity: profile === Profile.DEV ? 4 : 2 });
      });

      test('a minor that cannot scale to 0 keeps 0.5 by default; one that can takes 0', () => {
        const old = scaling(Profile.DEV, { engineVersion: '16.2' });
        expect(old.scaling).toEqual({ MinCapacity: 0.5, MaxCapacity: 4 });
        expect(old.db.minCapacity).toBe(0.5);
        old.template.hasResourceProperties('AWS::RDS::DBCluster', { EngineVersion: '16.2' });
        old.template.hasResourceProperties('AWS::RDS::DBClusterParameterGroup', { Family: 'aurora-postgresql16' });
        expect(scaling(Profile.DEV, { engineVersion: '16.3' }).scaling).toEqual({ MinCapacity: 0, MaxCapacity: 4, SecondsUntilAutoPause: 1800 });
        expect(scaling(Profile.DEV, { engineVersion: '14' }).scaling).toEqual({ MinCapacity: 0, MaxCapacity: 4, SecondsUntilAutoPause: 1800 });
      });

      test('minCapacity 0 and autoPause are taken in any profile where the version allows', () => {
        const prod = scaling(Profile.PROD, { minCapacity: 0, autoPause: Duration.hours(2) });
        expect(prod.scaling).toEqual({ MinCapacity: 0, MaxCapacity: 64, SecondsUntilAutoPause: 7200 });
        expect(scaling(Profile.DEV, { autoPause: Duration.days(1) }).scaling.SecondsUntilAutoPause).toBe(86400);
      });

      test('the freeable-memory alarm of a cluster that pauses is judged at 0.5 ACU (1 GiB), not at 0', () => {
        const { template } = scaling(Profile.DEV, {});
        template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'FreeableMemory', Threshold: Math.round(1024 * 1024 * 1024 * 0.1) });
      });

      test('moving to 0 ACU updates the cluster in place (no stateful resource is replaced)', () => {
        // an app that does not pin gets the change (it needs no pin): no stateful resource is lost
        const before = scaling(Profile.DEV, {}, { 'paved-road:defaults-version': '0.1' }).template.toJSON();
        const after = scaling(Profile.DEV, {}, {}).template.toJSON();
        const changes = templateChanges('TestStack', before, after);
        expect(changes.filter(losesState)).toEqual([]);
        expect(changes.find((c) => c.type === 'AWS::RDS::DBCluster')).toMatchObject({ impact: 'WILL_UPDATE', properties: ['Properties.ServerlessV2ScalingConfiguration'] });
      });
    });
  });

  describe('connecting', () => {
    test('implements IConnectable on its literal port, and rotation reaches it', () => {
      // GIVEN
      const { stack, network, db } = build(Profile.DEV, {}, false);
      const client = new ec2.SecurityGroup(stack, 'Client', { vpc: network.vpc });
      // WHEN
      db.connections.allowDefaultPortFrom(client);
      // THEN
      const template = Template.fromStack(stack);
      template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
        FromPort: 5433, ToPort: 5433, SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Client'), 'GroupId'] },
      });
      template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
        FromPort: 5433, SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DatabaseRotationSecurityGroup'), 'GroupId'] },
      });
      template.hasResourceProperties('AWS::EC2::SecurityGroup', {
        GroupDescription: Match.stringLikeRegexp('^Database TestStack/Database'),
        SecurityGroupIngress: Match.absent(),
        SecurityGroupEgress: [Match.objectLike({ CidrIp: '255.255.255.255/32' })],
      });
    });

    test('grantConnect gives rds-db:connect for the database user', () => {
      const { stack, db } = build(Profile.DEV, {}, false);
      const role = new iam.Role(stack, 'AppRole', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
      db.grantConnect(role, 'app_user');
      Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
        PolicyDocument: { Statement: [Match.objectLike({ Action: 'rds-db:connect', Resource: Match.anyValue() })] },
      });
      expect(JSON.stringify(Template.fromStack(stack).toJSON())).toContain('/app_user');
    });

    test('connectionEnvironment hands a service host, port, name, engine and the secret fields', () => {
      const { stack, db } = build(Profile.DEV, {}, false);
      const env = db.connectionEnvironment();
      expect(Object.keys(env.environment).sort()).toEqual(['DB_ENGINE', 'DB_HOST', 'DB_NAME', 'DB_PORT']);
      expect(stack.resolve(env.environment.DB_HOST)).toEqual({ 'Fn::GetAtt': ['DatabaseInstanceAA8A5FDE', 'Endpoint.Address'] });
      expect(env.environment).toMatchObject({ DB_PORT: '5433', DB_NAME: 'app', DB_ENGINE: 'postgresql' });
      expect(Object.keys(env.secrets).sort()).toEqual(['DB_PASSWORD', 'DB_USERNAME']);
      expect(JSON.stringify(stack.resolve(env.secrets.DB_PASSWORD.arn))).toMatch(/DatabaseInstanceSecretAttachment.*:password::/);
      expect(Object.keys(db.connectionEnvironment('ORDERS_DB').environment)).toContain('ORDERS_DB_HOST');
    });
  });

  describe('alarms', () => {
    test('CPU, freeable memory, connections and free storage alarms notify the topic in prod', () => {
      const { template } = get(Profile.PROD);
      for (const metric of ['CPUUtilization', 'FreeableMemory', 'DatabaseConnections', 'FreeStorageSpace']) {
        template.hasResourceProperties('AWS::CloudWatch::Alarm', {
          MetricName: metric,
          Namespace: 'AWS/RDS',
          AlarmActions: [{ Ref: Match.stringLikeRegexp('^DatabaseAlarmTopic') }],
        });
      }
      // 10% of 100 GiB allocated in prod
      template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'FreeStorageSpace', Threshold: 10737418240 });
    });

    test('alarms exist without actions in dev', () => {
      const { template } = get(Profile.DEV);
      const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm'));
      expect(alarms).toHaveLength(4);
      expect(alarms.every((a) => a.Properties.AlarmActions === undefined)).toBe(true);
    });

    test('a given alarmTopic is used instead of a new one', () => {
      const app = testApp({ 'paved-road:profile': Profile.PROD });
      const stack = testStack(app);
      const topic = new sns.Topic(stack, 'TeamTopic');
      new PavedRoadDatabase(stack, 'Database', { network: new PavedRoadNetwork(stack, 'Network'), alarmTopic: topic });
      const template = Template.fromStack(stack);
      template.resourceCountIs('AWS::SNS::Topic', 1);
      template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmActions: [{ Ref: Match.stringLikeRegexp('^TeamTopic') }] });
    });
  });

  describe('stateful safety', () => {
    test('logical ids of every stateful resource are pinned', () => {
      const { template } = get(Profile.PROD);
      expect({
        instance: logicalIds(template, 'AWS::RDS::DBInstance'),
        keys: logicalIds(template, 'AWS::KMS::Key'),
        secrets: logicalIds(template, 'AWS::SecretsManager::Secret'),
        logGroups: logicalIds(template, 'AWS::Logs::LogGroup'),
        subnetGroups: logicalIds(template, 'AWS::RDS::DBSubnetGroup'),
      }).toEqual({
        instance: ['DatabaseInstanceAA8A5FDE'],
        keys: ['DatabaseAlarmTopicKeyD8F4145E', 'DatabaseKey5E5D9547'],
        secrets: ['TestStackDatabaseInstanceSecretB6EB24DA963b0bf29a12c8c1e8217ef79b495a19'],
        logGroups: ['DatabaseLogPostgresql074561DA', 'DatabaseLogUpgrade29A8AA2B'],
        subnetGroups: ['DatabaseInstanceSubnetGroupDE121BB6'],
      });
    });

    test('logical ids of the Aurora cluster and its instances are pinned', () => {
      const { template } = build(Profile.PROD, { engine: DatabaseEngine.AURORA_POSTGRES_SERVERLESS }, false);
      expect(logicalIds(template, 'AWS::RDS::DBCluster')).toEqual(['DatabaseCluster5B53A178']);
      expect(logicalIds(template, 'AWS::RDS::DBInstance')).toEqual(['DatabaseClusterReader78FE9854', 'DatabaseClusterWriterD43085C6']);
      expect(logicalIds(template, 'AWS::SecretsManager::Secret')).toEqual(['TestStackDatabaseClusterSecret2EDBEEEE963b0bf29a12c8c1e8217ef79b495a19']);
    });

    test('a new engine major version and instance type change the instance in place', () => {
      // GIVEN a PostgreSQL 17 database on t4g.micro
      const before = build(Profile.PROD, { engineVersion: '17', instanceType: new ec2.InstanceType('t4g.micro') }, false).template;
      // WHEN it moves to PostgreSQL 18 on m7g.large
      const after = build(Profile.PROD, { engineVersion: '18', instanceType: new ec2.InstanceType('m7g.large') }, false).template;
      // THEN the same logical id and identifier, and only properties CloudFormation updates without replacement change
      const { idA, idB, changed } = changedProperties(before, after, 'AWS::RDS::DBInstance');
      expect(idB).toEqual(idA);
      expect(changed).toEqual(['DBInstanceClass', 'EngineVersion']);
      // the parameter group (stateless) moves to the new family; the instance follows it in the same update
      before.hasResourceProperties('AWS::RDS::DBParameterGroup', { Family: 'postgres17' });
      after.hasResourceProperties('AWS::RDS::DBParameterGroup', { Family: 'postgres18' });
      after.hasResourceProperties('AWS::RDS::DBInstance', { AllowMajorVersionUpgrade: true, EngineVersion: '18' });
    });

    test('a new Aurora major version changes the cluster in place', () => {
      const before = build(Profile.DEV, { engine: DatabaseEngine.AURORA_POSTGRES_SERVERLESS, engineVersion: '16' }, false).template;
      const after = build(Profile.DEV, { engine: DatabaseEngine.AURORA_POSTGRES_SERVERLESS, engineVersion: '17' }, false).template;
      const { idA, idB, changed } = changedProperties(before, after, 'AWS::RDS::DBCluster');
      expect(idB).toEqual(idA);
      expect(changed).toEqual(['EngineVersion']);
      after.hasResourceProperties('AWS::RDS::DBClusterParameterGroup', { Family: 'aurora-postgresql17' });
      // AWS::RDS::DBCluster has no AllowMajorVersionUpgrade property: CloudFormation would refuse it
      after.hasResourceProperties('AWS::RDS::DBCluster', { AllowMajorVersionUpgrade: Match.absent() });
    });
  });

  describe('storage autoscaling ceiling', () => {
    const instanceProps = (template: Template) => Object.values(template.findResources('AWS::RDS::DBInstance'))[0].Properties;

    test('twice the allocated storage, capped at the 65536 GiB gp3 maximum', () => {
      // GIVEN 40000 GiB allocated (twice would be 80000)
      const { template } = build(Profile.DEV, { allocatedStorageGiB: 40000 }, false);
      // THEN the ceiling is the engine maximum
      expect(instanceProps(template)).toMatchObject({ AllocatedStorage: '40000', MaxAllocatedStorage: 65536 });
    });

    test('off when the maximum leaves no 10% headroom above the allocated storage', () => {
      const { template } = build(Profile.DEV, { allocatedStorageGiB: 60000 }, false);
      expect(instanceProps(template).MaxAllocatedStorage).toBeUndefined();
    });

    test('the profile ceiling when it is above twice the allocated storage', () => {
      expect(instanceProps(get(Profile.PROD).template)).toMatchObject({ AllocatedStorage: '100', MaxAllocatedStorage: 2000 });
    });
  });

  describe('security group descriptions', () => {
    test('stay within the 255 characters EC2 allows under a long construct path', () => {
      // GIVEN a database nested six levels deep under long construct ids
      const app = testApp({ 'paved-road:profile': Profile.DEV });
      const stack = testStack(app);
      const network = new PavedRoadNetwork(stack, 'Network');
      const scope = deepScope(stack, 6);
      new PavedRoadDatabase(scope, 'Database', { network });
      // THEN the database and rotation security groups keep the end of the path within 255 characters
      const groups = Object.values(Template.fromStack(stack).findResources('AWS::EC2::SecurityGroup'))
        .map((g) => g.Properties.GroupDescription as string).filter((d) => /Segment5/.test(d));
      expect(groups).toHaveLength(2);
      for (const description of groups) expect(description.length).toBeLessThanOrEqual(255);
      expect(groups).toEqual(expect.arrayContaining([
        expect.stringMatching(/^Database \.\.\..*Segment5\/Database: inbound only from connected clients, no outbound$/),
        expect.stringMatching(/^Master password rotation of \.\.\..*Segment5\/Database: reaches the database and Secrets Manager$/),
      ]));
    });

    test('are unchanged under a short construct path', () => {
      get(Profile.DEV).template.hasResourceProperties('AWS::EC2::SecurityGroup', { GroupDescription: 'Master password rotation of TestStack/Database: reaches the database and Secrets Manager' });
    });
  });

  describe('validation', () => {
    const network = () => {
      const app = testApp();
      const stack = testStack(app);
      return { stack, network: new PavedRoadNetwork(stack, 'Network') };
    };
    const shared = network();
    let n = 0;
    const attempt = (props: Partial<PavedRoadDatabaseProps>, profile?: Profile) => () =>
      new PavedRoadDatabase(shared.stack, `Db${n++}`, { network: shared.network, profile, ...props });

    test.each<[string, Partial<PavedRoadDatabaseProps>, RegExp, Profile]>([
      ['unknown engine', { engine: 'oracle' as DatabaseEngine }, /engine: "oracle" is not allowed; allowed: one of postgres, mysql, aurora-postgresql-serverless-v2/, Profile.DEV],
      ['unknown engine version', { engineVersion: '9.6' }, /engineVersion: "9.6" is not allowed; allowed: a postgres major version: 14, 15, 16, 17, 18/, Profile.DEV],
      ['storage below the engine minimum', { allocatedStorageGiB: 10 }, /allocatedStorageGiB: 10 is not allowed; allowed: an integer from 20/, Profile.DEV],
      ['max storage below allocated', { allocatedStorageGiB: 100, maxAllocatedStorageGiB: 100 }, /maxAllocatedStorageGiB: 100 is not allowed; allowed: an integer from 110/, Profile.DEV],
      ['backup retention above 35', { backupRetentionDays: 36 }, /backupRetentionDays: 36 is not allowed; allowed: an integer from 1 to 35/, Profile.DEV],
      ['backup retention 0 outside prod (the guardrails would refuse it)', { backupRetentionDays: 0 }, /backupRetentionDays: 0 is not allowed; allowed: an integer from 1 to 35 \(0 turns automated backups off, which AwsSolutions-RDS13 refuses in every profile\)/, Profile.PREVIEW],
      ['backup retention 0 in prod', { backupRetentionDays: 0 }, /backupRetentionDays: 0 is not allowed; allowed: an integer from 1 to 35 \(prod/, Profile.PROD],
      ['DESTROY in prod', { removalPolicy: RemovalPolicy.DESTROY }, /removalPolicy: "destroy" is not allowed; allowed: SNAPSHOT or RETAIN in prod/, Profile.PROD],
      ['DESTROY in staging', { removalPolicy: RemovalPolicy.DESTROY }, /removalPolicy: "destroy" is not allowed; allowed: SNAPSHOT or RETAIN in staging/, Profile.STAGING],
      ['public access', { publiclyAccessible: true }, /publiclyAccessible: true is not allowed; allowed: false/, Profile.DEV],
      ['ACU min above max', { engine: DatabaseEngine.AURORA_POSTGRES_SERVERLESS, minCapacity: 8, maxCapacity: 4 }, /minCapacity: 8 is not allowed; allowed: at most maxCapacity \(4\)/, Profile.DEV],
      ['ACU between 0 and 0.5', { engine: DatabaseEngine.AURORA_POSTGRES_SERVERLESS, minCapacity: 0.25 }, /minCapacity: 0.25 is not allowed; allowed: 0 \(automatic pause, on an engine version that supports it\) or 0.5 to 256 ACU, in steps of 0.5/, Profile.DEV],
      ['0 ACU on a minor that cannot pause', { engine: DatabaseEngine.AURORA_POSTGRES_SERVERLESS, engineVersion: '15.6', minCapacity: 0 },
        /minCapacity: 0 is not allowed; allowed: 0.5 to 256 ACU with engineVersion 15.6: scaling to 0 ACU \(automatic pause\) needs Aurora PostgreSQL 15.7 or a later minor \(14.12, 15.7, 16.3, any 17\)/, Profile.DEV],
      ['an Aurora minor of a major the library does not offer', { engine: DatabaseEngine.AURORA_POSTGRES_SERVERLESS, engineVersion: '13.15' }, /engineVersion: "13.15" is not allowed; allowed: a aurora-postgresql-serverless-v2 major version: 14, 15, 16, 17, or a major.minor of one/, Profile.DEV],
      ['autoPause without minCapacity 0', { engine: DatabaseEngine.AURORA_POSTGRES_SERVERLESS, minCapacity: 0.5, autoPause: Duration.minutes(10) }, /autoPause: "10 minutes" is not allowed; allowed: unset unless minCapacity is 0 \(minCapacity is 0.5\)/, Profile.DEV],
      ['autoPause where the profile keeps 0.5 ACU', { engine: DatabaseEngine.AURORA_POSTGRES_SERVERLESS, autoPause: Duration.minutes(10) }, /autoPause: "10 minutes" is not allowed; allowed: unset unless minCapacity is 0/, Profile.STAGING],
      ['autoPause below 5 minutes', { engine: DatabaseEngine.AURORA_POSTGRES_SERVERLESS, autoPause: Duration.minutes(4) }, /autoPause: "4 minutes" is not allowed; allowed: a duration from 5 minutes to 1 day in whole seconds/, Profile.DEV],
      ['autoPause above 1 day', { engine: DatabaseEngine.AURORA_POSTGRES_SERVERLESS, autoPause: Duration.hours(25) }, /autoPause: "1 day 1 hour" is not allowed; allowed: a duration from 5 minutes to 1 day/, Profile.DEV],
      ['autoPause of a fraction of a second', { engine: DatabaseEngine.AURORA_POSTGRES_SERVERLESS, autoPause: Duration.millis(300500) }, /autoPause: .* is not allowed; allowed: a duration from 5 minutes to 1 day in whole seconds/, Profile.DEV],
      ['autoPause on an RDS instance', { autoPause: Duration.minutes(10) }, /autoPause: "10 minutes" is not allowed; allowed: unset for postgres \(automatic pause applies to Aurora Serverless v2 only\)/, Profile.DEV],
      ['autoPause that is not a Duration', { engine: DatabaseEngine.AURORA_POSTGRES_SERVERLESS, autoPause: 600 as unknown as Duration }, /autoPause: 600 is not allowed; allowed: a Duration/, Profile.DEV],
      ['ACU above 256', { engine: DatabaseEngine.AURORA_POSTGRES_SERVERLESS, maxCapacity: 300 }, /maxCapacity: 300 is not allowed; allowed: from 1 to 256 ACU/, Profile.DEV],
      ['a maximum below the 1 ACU aws-cdk-lib requires', { engine: DatabaseEngine.AURORA_POSTGRES_SERVERLESS, minCapacity: 0.5, maxCapacity: 0.5 }, /maxCapacity: 0.5 is not allowed; allowed: from 1 to 256 ACU in steps of 0.5 \(Aurora Serverless v2 needs a maximum of at least 1 ACU\)/, Profile.DEV],
      ['a token as allocatedStorageGiB', { allocatedStorageGiB: Token.asNumber({ Ref: 'Size' }) }, /allocatedStorageGiB: "a token \(deploy-time value\)" is not allowed; allowed: a number known at synth: the alarm thresholds are computed from it/, Profile.DEV],
      ['a token as maxCapacity', { engine: DatabaseEngine.AURORA_POSTGRES_SERVERLESS, maxCapacity: Token.asNumber({ Ref: 'Acu' }) }, /maxCapacity: "a token \(deploy-time value\)" is not allowed; allowed: a number known at synth/, Profile.DEV],
      ['an autoscaling ceiling when the allocated storage leaves no room for one', { allocatedStorageGiB: 60000, maxAllocatedStorageGiB: 65536 }, /maxAllocatedStorageGiB: 65536 is not allowed; allowed: unset: allocatedStorageGiB 60000 leaves no room for storage autoscaling below the 65536 GiB gp3 maximum/, Profile.DEV],
      ['PostgreSQL\'s well-known port', { port: 5432 }, /port: 5432 is not allowed; allowed: an integer from 1150 to 65535, not 5432 \(the postgres well-known port, which AwsSolutions-RDS11 refuses\)/, Profile.DEV],
      ['MySQL\'s well-known port', { engine: DatabaseEngine.MYSQL, port: 3306 }, /port: 3306 is not allowed; allowed: .*not 3306 \(the mysql well-known port, which AwsSolutions-RDS11 refuses\)/, Profile.DEV],
      ['ACU on an RDS instance', { minCapacity: 1 }, /minCapacity: 1 is not allowed; allowed: unset for postgres/, Profile.DEV],
      ['instance type on Aurora', { engine: DatabaseEngine.AURORA_POSTGRES_SERVERLESS, instanceType: new ec2.InstanceType('m7g.large') }, /instanceType: "m7g.large" is not allowed; allowed: unset for Aurora/, Profile.DEV],
      ['an explicit password', { credentials: rds.Credentials.fromPassword('admin', SecretValue.unsafePlainText('hunter2hunter2')) }, /credentials: "an explicit password" is not allowed; allowed: rds.Credentials.fromGeneratedSecret/, Profile.DEV],
      ['port out of range', { port: 80 }, /port: 80 is not allowed; allowed: an integer from 1150 to 65535/, Profile.DEV],
      ['bad database name', { databaseName: '1-app' }, /databaseName: "1-app" is not allowed/, Profile.DEV],
      ['rotation days out of range', { rotationDays: 400 }, /rotationDays: 400 is not allowed; allowed: an integer from 1 to 365/, Profile.DEV],
      ['log retention CloudWatch refuses', { logRetentionDays: 10 }, /logRetentionDays: 10 is not allowed/, Profile.DEV],
    ])('refuses %s', (_name, props, message, profile) => {
      expect(attempt(props, profile)).toThrow(message);
    });

    describe('master user name', () => {
      const user = (username: string, engine?: DatabaseEngine) =>
        attempt({ engine, credentials: rds.Credentials.fromGeneratedSecret(username) }, Profile.DEV);

      test.each<[string, DatabaseEngine | undefined, RegExp]>([
        ['1admin', undefined, /credentials\.username: "1admin" is not allowed; allowed: a letter then up to 15 letters, digits or underscores\./],
        ['app-owner', undefined, /credentials\.username: "app-owner" is not allowed; allowed: a letter then up to 15/],
        ['applicationowner1', undefined, /credentials\.username: "applicationowner1" is not allowed/],
        ['rdsadmin', undefined, /credentials\.username: "rdsadmin" is not allowed; allowed: .*other than rdsadmin and rdsrepladmin \(accounts RDS keeps for itself\)/],
        ['RdsReplAdmin', DatabaseEngine.MYSQL, /credentials\.username: "RdsReplAdmin" is not allowed; allowed: .*other than rdsadmin and rdsrepladmin/],
        ['user', undefined, /credentials\.username: "user" is not allowed; allowed: .*not a PostgreSQL reserved word/],
        ['Select', DatabaseEngine.AURORA_POSTGRES_SERVERLESS, /credentials\.username: "Select" is not allowed; allowed: .*not a PostgreSQL reserved word/],
        ['pg_owner', undefined, /credentials\.username: "pg_owner" is not allowed; allowed: .*not starting with pg_ \(PostgreSQL reserves those role names\)/],
        ['table', DatabaseEngine.MYSQL, /credentials\.username: "table" is not allowed; allowed: .*not a MySQL reserved word/],
      ])('refuses %s (%s)', (username, engine, message) => {
        expect(user(username, engine)).toThrow(message);
      });

      test.each<[string, DatabaseEngine | undefined]>([
        ['postgres', undefined], ['app_owner', undefined], ['user', DatabaseEngine.MYSQL], ['admin', DatabaseEngine.MYSQL], ['app_owner', DatabaseEngine.AURORA_POSTGRES_SERVERLESS],
      ])('accepts %s (%s)', (username, engine) => {
        expect(user(username, engine)).not.toThrow();
      });
    });

    test('accepts the smallest Serverless v2 range aws-cdk-lib takes: 0.5 to 1 ACU', () => {
      expect(attempt({ engine: DatabaseEngine.AURORA_POSTGRES_SERVERLESS, minCapacity: 0.5, maxCapacity: 1 }, Profile.DEV)).not.toThrow();
    });

    test('lists every problem in one error', () => {
      const error = validationError(attempt({ publiclyAccessible: true, port: 1, backupRetentionDays: 99 }));
      expect(error.problems).toHaveLength(3);
      expect(error.message).toMatch(/PavedRoadDatabase '.*' has 3 invalid props/);
    });

    test('accepts an existing secret and then adds no rotation of its own', () => {
      const { stack, network: net } = network();
      const db = new PavedRoadDatabase(stack, 'Database', {
        network: net,
        credentials: rds.Credentials.fromSecret(new rds.DatabaseSecret(stack, 'Existing', { username: 'owner' })),
      });
      Template.fromStack(stack).resourceCountIs('AWS::SecretsManager::RotationSchedule', 0);
      expect(db.secret).toBeDefined();
    });
  });
});
