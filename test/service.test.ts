import { App, CfnParameter, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { NagSuppressions } from 'cdk-nag';
import { PavedRoadGuardrails, PavedRoadNetwork, PavedRoadService, PavedRoadServiceProps, Profile, ServiceDefaults } from '../src';
import { CERT_ARN, IMAGE } from './fixtures';
import { ALL_PACKS, deepScope, expectNagClean, testApp, testStack, validationError } from './nag';
import { snapshotOf } from './snapshot';

/** The resources of one type, as `[logicalId, resource]` pairs. */
function resourcesOf(template: Template, type: string): Array<[string, any]> {
  return Object.entries(template.findResources(type));
}


/** One app per profile: a minimal service, a service with every option, and an internal one. */
interface ProfileFixture {
  readonly app: App;
  readonly stack: Stack;
  readonly template: Template;
  readonly guardrails?: PavedRoadGuardrails;
  readonly nagError?: unknown;
}

function buildProfile(profile: Profile): ProfileFixture {
  // GIVEN
  const app = testApp({ 'paved-road:profile': profile });
  const stack = testStack(app);
  const network = new PavedRoadNetwork(stack, 'Network');
  const certificate = acm.Certificate.fromCertificateArn(stack, 'Certificate', CERT_ARN);
  // WHEN: only network and image (prod also needs a certificate)
  new PavedRoadService(stack, 'Api', { network, image: IMAGE, certificate: profile === Profile.PROD ? certificate : undefined });
  const zone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z0123456789', zoneName: 'example.com' });
  const full = new PavedRoadService(stack, 'Full', {
    network,
    image: ecs.ContainerImage.fromEcrRepository(ecr.Repository.fromRepositoryName(stack, 'Repo', 'orders'), 'v1'),
    domainName: 'orders.example.com',
    hostedZone: zone,
    environment: { LOG_LEVEL: 'debug' },
    secrets: {
      DB_PASSWORD: ecs.Secret.fromSecretsManager(secretsmanager.Secret.fromSecretNameV2(stack, 'DbSecret', 'orders/db')),
      API_KEY: ecs.Secret.fromSsmParameter(ssm.StringParameter.fromSecureStringParameterAttributes(stack, 'ApiKey', { parameterName: '/orders/api-key' })),
    },
    tracing: true,
    waf: true,
    enableExecuteCommand: true,
    cpuArchitecture: ecs.CpuArchitecture.X86_64,
    cpu: 512,
    user: '1000:1000',
    containerPort: 3000,
    healthCheckPath: '/ready',
    minCapacity: 2,
    maxCapacity: 6,
  });
  if (!ServiceDefaults.of(profile).ecsExec) {
    // ECS Exec turned on where the profile turns it off: the team acknowledges what its choice causes.
    NagSuppressions.addResourceSuppressions(full.taskDefinition.taskRole, [{
      id: 'AwsSolutions-IAM5',
      appliesTo: ['Resource::*'],
      reason: 'ssmmessages channels for ECS Exec and the X-Ray calls of the trace collector have no resource-level permissions.',
    }], true);
  }
  new PavedRoadService(stack, 'Internal', { network, image: IMAGE, publicLoadBalancer: false, certificate });
  let guardrails: PavedRoadGuardrails | undefined;
  let nagError: unknown;
  try {
    guardrails = expectNagClean(app);
  } catch (e) {
    nagError = e;
  }
  return { app, stack, template: Template.fromStack(stack), guardrails, nagError };
}

function serviceOf(template: Template, id: string): any {
  const [, service] = resourcesOf(template, 'AWS::ECS::Service').find(([logicalId]) => logicalId.startsWith(id))!;
  return service.Properties;
}

function taskDefinitionOf(template: Template, id: string): any {
  const [, td] = resourcesOf(template, 'AWS::ECS::TaskDefinition').find(([logicalId]) => logicalId.startsWith(id))!;
  return td.Properties;
}

function resourceStartingWith(template: Template, type: string, id: string): any[] {
  const found = resourcesOf(template, type).filter(([logicalId]) => logicalId.startsWith(id));
  return found.map(([, r]) => r.Properties);
}

interface ProfileExpectation {
  readonly spot: boolean;
  readonly cpu: string;
  readonly memory: string;
  readonly minHealthy: number;
  readonly exec: boolean;
  readonly waf: boolean;
  readonly tracing: boolean;
  readonly retention: number;
  readonly min: number;
  readonly max: number;
  readonly actions: boolean;
  readonly deletionProtection: string;
  /** The deployment strategy (absent from the template for ROLLING, ECS's default). */
  readonly strategy?: string;
}

const EXPECTED: Record<Profile, ProfileExpectation> = {
  [Profile.DEV]: { spot: true, cpu: '256', memory: '512', minHealthy: 50, exec: true, waf: false, tracing: false, retention: 14, min: 1, max: 2, actions: false, deletionProtection: 'false' },
  [Profile.PREVIEW]: { spot: true, cpu: '256', memory: '512', minHealthy: 0, exec: true, waf: false, tracing: false, retention: 3, min: 1, max: 1, actions: false, deletionProtection: 'false' },
  [Profile.STAGING]: { spot: false, cpu: '512', memory: '1024', minHealthy: 50, exec: false, waf: false, tracing: true, retention: 90, min: 1, max: 4, actions: true, deletionProtection: 'true', strategy: 'BLUE_GREEN' },
  [Profile.PROD]: { spot: false, cpu: '1024', memory: '2048', minHealthy: 100, exec: false, waf: true, tracing: true, retention: 365, min: 2, max: 10, actions: true, deletionProtection: 'true', strategy: 'CANARY' },
};

describe('PavedRoadService', () => {
  describe.each(Object.values(Profile))('in the %s profile', (profile) => {
    let f: ProfileFixture;
    const expected = EXPECTED[profile];
    beforeAll(() => {
      f = buildProfile(profile);
    });

    test('synthesizes with zero unacknowledged findings in all four packs', () => {
      expect(f.nagError).toBeUndefined();
      expect(f.guardrails!.findings).toEqual([]);
    });

    test('sizes, capacity provider, deployment percentages and ECS Exec follow the profile', () => {
      const service = serviceOf(f.template, 'Api');
      const td = taskDefinitionOf(f.template, 'Api');
      expect(td.Cpu).toBe(expected.cpu);
      expect(td.Memory).toBe(expected.memory);
      // Fargate Spot runs Linux ARM64 tasks on platform version 1.4.0 or later (LATEST): the default
      // (ARM64) service and the X86_64 one both take FARGATE_SPOT where the profile does.
      expect(service.CapacityProviderStrategy).toEqual([{ CapacityProvider: expected.spot ? 'FARGATE_SPOT' : 'FARGATE', Weight: 1 }]);
      expect(service.PlatformVersion).toBeUndefined();
      expect(td.RuntimePlatform.CpuArchitecture).toBe('ARM64');
      expect(serviceOf(f.template, 'Full').CapacityProviderStrategy).toEqual([{ CapacityProvider: expected.spot ? 'FARGATE_SPOT' : 'FARGATE', Weight: 1 }]);
      expect(taskDefinitionOf(f.template, 'Full').RuntimePlatform.CpuArchitecture).toBe('X86_64');
      expect(service.LaunchType).toBeUndefined();
      expect(service.DeploymentConfiguration.MinimumHealthyPercent).toBe(expected.minHealthy);
      expect(service.EnableExecuteCommand ?? false).toBe(expected.exec);
      expect(td.ContainerDefinitions[0].MountPoints).toHaveLength(expected.exec ? 3 : 1);
      expect(service.DesiredCount).toBe(expected.min);
    });

    test('autoscaling spans the profile minimum and maximum, with CPU, memory and request policies when they differ', () => {
      const targets = resourceStartingWith(f.template, 'AWS::ApplicationAutoScaling::ScalableTarget', 'Api');
      expect(targets).toHaveLength(1);
      expect(targets[0]).toMatchObject({ MinCapacity: expected.min, MaxCapacity: expected.max });
      const policies = resourceStartingWith(f.template, 'AWS::ApplicationAutoScaling::ScalingPolicy', 'Api');
      const metrics = policies.map((p) => p.TargetTrackingScalingPolicyConfiguration.PredefinedMetricSpecification.PredefinedMetricType).sort();
      // with two target groups (blue/green, canary), requests are counted in both
      const requests = expected.strategy ? ['ALBRequestCountPerTarget', 'ALBRequestCountPerTarget'] : ['ALBRequestCountPerTarget'];
      expect(metrics).toEqual(expected.max > expected.min ? [...requests, 'ECSServiceAverageCPUUtilization', 'ECSServiceAverageMemoryUtilization'] : []);
    });

    test('the deployment strategy follows the profile: rolling in dev and preview, blue/green in staging, canary in prod', () => {
      for (const id of ['Api', 'Full', 'Internal']) {
        const config = serviceOf(f.template, id).DeploymentConfiguration;
        expect(config.Strategy).toBe(expected.strategy);
        expect(config.Alarms).toMatchObject({ Enable: true, Rollback: true });
        expect(resourceStartingWith(f.template, 'AWS::ElasticLoadBalancingV2::TargetGroup', id)).toHaveLength(expected.strategy ? 2 : 1);
        expect(resourceStartingWith(f.template, 'AWS::Lambda::Function', `${id}SmokeTest`)).toHaveLength(expected.strategy ? 1 : 0);
      }
    });

    test('the app log group keeps the profile retention and is KMS-encrypted', () => {
      const [logGroup] = resourceStartingWith(f.template, 'AWS::Logs::LogGroup', 'ApiLogs');
      expect(logGroup.RetentionInDays).toBe(expected.retention);
      expect(logGroup.KmsKeyId).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^ApiLogKey/), 'Arn'] });
    });

    test('the trace collector sidecar runs only where the profile turns tracing on', () => {
      const names = taskDefinitionOf(f.template, 'Api').ContainerDefinitions.map((c: any) => c.Name);
      expect(names).toEqual(expected.tracing ? ['App', 'TraceCollector'] : ['App']);
    });

    test('a public load balancer gets a WAF web ACL only in prod', () => {
      const associations = resourceStartingWith(f.template, 'AWS::WAFv2::WebACLAssociation', 'Api');
      expect(associations).toHaveLength(expected.waf ? 1 : 0);
    });

    test('deletion protection of the load balancer follows the profile', () => {
      const [lb] = resourceStartingWith(f.template, 'AWS::ElasticLoadBalancingV2::LoadBalancer', 'Api');
      expect(lb.LoadBalancerAttributes).toContainEqual({ Key: 'deletion_protection.enabled', Value: expected.deletionProtection });
    });

    test('alarms notify the topic only where the profile turns alarm actions on', () => {
      const alarms = resourceStartingWith(f.template, 'AWS::CloudWatch::Alarm', 'Api');
      expect(alarms).toHaveLength(5);
      for (const alarm of alarms) {
        expect((alarm.AlarmActions ?? []).length > 0).toBe(expected.actions);
      }
    });

    test('serves HTTPS in prod, and HTTP with an acknowledged reason elsewhere', () => {
      const listeners = resourceStartingWith(f.template, 'AWS::ElasticLoadBalancingV2::Listener', 'Api');
      const acknowledged = f.guardrails!.acknowledgments.filter((a) => a.path.startsWith('TestStack/Api/LoadBalancer/Http') && a.rule.endsWith('ALBHttpToHttpsRedirection'));
      if (profile === Profile.PROD) {
        expect(listeners.map((l) => l.Port).sort()).toEqual([443, 80]);
        expect(acknowledged).toEqual([]);
      } else {
        expect(listeners.map((l) => [l.Port, l.Protocol])).toEqual([[80, 'HTTP']]);
        expect(acknowledged.length).toBeGreaterThanOrEqual(1);
        expect(acknowledged[0].reason).toMatch(/no certificate/);
      }
    });

    test('every acknowledgment of the service names the service it excuses', () => {
      const acknowledgments = f.guardrails!.acknowledgments.filter((a) => a.path.startsWith('TestStack/Api/'));
      expect(acknowledgments.length).toBeGreaterThan(0);
      for (const a of acknowledgments) expect(a.reason).toContain('TestStack/Api');
    });

    test('matches the snapshot', () => {
      expect(snapshotOf(f.stack, { hashes: 'ASSET-HASH', version: 'tags' })).toMatchSnapshot();
    });
  });

  describe('choices that turn a profile\'s safety default off', () => {
    /** A service in `profile` with the packs; returns the findings of one synthesis. */
    const findingsOf = (profile: Profile, props: Partial<PavedRoadServiceProps>) => {
      const app = testApp({ 'paved-road:profile': profile });
      const guardrails = PavedRoadGuardrails.enforce(app, { packs: ALL_PACKS, strict: true });
      const stack = testStack(app);
      const certificate = acm.Certificate.fromCertificateArn(stack, 'Certificate', CERT_ARN);
      new PavedRoadService(stack, 'Api', { network: new PavedRoadNetwork(stack, 'Network'), image: IMAGE, certificate, ...props });
      expect(() => app.synth()).toThrow(/unacknowledged finding/);
      return guardrails.findings.map((f) => `${f.path} ${f.rule}`);
    };

    test('GIVEN prod WHEN waf is false on the public load balancer THEN the service does not acknowledge the missing WAF: the team does', () => {
      expect(findingsOf(Profile.PROD, { waf: false })).toEqual(expect.arrayContaining([
        'TestStack/Api/LoadBalancer/Resource NIST.800.53.R5-ALBWAFEnabled',
      ]));
    });

    test.each([Profile.STAGING, Profile.PROD])('GIVEN %s WHEN ECS Exec is turned on THEN the task role\'s IAM5 Resource::* finding is the team\'s to acknowledge', (profile) => {
      expect(findingsOf(profile, { enableExecuteCommand: true })).toEqual(['TestStack/Api/TaskRole/Grants/Resource AwsSolutions-IAM5[Resource::*]']);
    });
  });

  describe('features (dev profile)', () => {
    let f: ProfileFixture;
    beforeAll(() => {
      f = buildProfile(Profile.DEV);
    });

    test('deployments roll back on the circuit breaker and on the 5xx and unhealthy-host alarms', () => {
      const service = serviceOf(f.template, 'Api');
      expect(service.DeploymentConfiguration.DeploymentCircuitBreaker).toEqual({ Enable: true, Rollback: true });
      expect(service.DeploymentConfiguration.Alarms).toMatchObject({ Enable: true, Rollback: true });
      const names = JSON.stringify(service.DeploymentConfiguration.Alarms.AlarmNames);
      expect(names).toMatch(/ApiErrorRateAlarm/);
      expect(names).toMatch(/ApiUnhealthyHostsAlarm/);
    });

    test('the target group checks /health by default (the given path otherwise) and ECS waits a grace period', () => {
      const groups = resourceStartingWith(f.template, 'AWS::ElasticLoadBalancingV2::TargetGroup', 'Api');
      expect(groups[0]).toMatchObject({ HealthCheckPath: '/health', TargetType: 'ip', Port: 8080 });
      expect(resourceStartingWith(f.template, 'AWS::ElasticLoadBalancingV2::TargetGroup', 'Full')[0]).toMatchObject({ HealthCheckPath: '/ready', Port: 3000 });
      expect(serviceOf(f.template, 'Api').HealthCheckGracePeriodSeconds).toBe(60);
    });

    test('tasks run in the workload subnets without a public IP', () => {
      const config = serviceOf(f.template, 'Api').NetworkConfiguration.AwsvpcConfiguration;
      expect(config.AssignPublicIp).toBe('DISABLED');
      expect(JSON.stringify(config.Subnets)).toMatch(/NetworkVpcWorkloadSubnet/);
    });

    test('the app container is hardened: read-only root filesystem, writable /tmp, not privileged, ARM64 by default', () => {
      const td = taskDefinitionOf(f.template, 'Api');
      const app = td.ContainerDefinitions[0];
      expect(app).toMatchObject({ ReadonlyRootFilesystem: true, Privileged: false });
      // ECS Exec is on in dev: its SSM agent gets writable directories too.
      expect(app.MountPoints).toEqual([
        { ContainerPath: '/tmp', SourceVolume: 'tmp', ReadOnly: false },
        { ContainerPath: '/var/lib/amazon/ssm', SourceVolume: 'ssm-state', ReadOnly: false },
        { ContainerPath: '/var/log/amazon/ssm', SourceVolume: 'ssm-logs', ReadOnly: false },
      ]);
      expect(td.Volumes).toEqual([{ Name: 'tmp' }, { Name: 'ssm-state' }, { Name: 'ssm-logs' }]);
      expect(td.RuntimePlatform).toEqual({ CpuArchitecture: 'ARM64', OperatingSystemFamily: 'LINUX' });
    });

    test('user, architecture, environment and secrets are passed through', () => {
      const td = taskDefinitionOf(f.template, 'Full');
      const app = td.ContainerDefinitions.find((c: any) => c.Name === 'App');
      expect(td.RuntimePlatform.CpuArchitecture).toBe('X86_64');
      expect(td.Cpu).toBe('512');
      expect(td.Memory).toBe('1024');
      expect(app.User).toBe('1000:1000');
      expect(app.Environment).toContainEqual({ Name: 'LOG_LEVEL', Value: 'debug' });
      expect(app.Secrets.map((s: any) => s.Name).sort()).toEqual(['API_KEY', 'DB_PASSWORD']);
    });

    test('IAM grants land in customer-managed policies, never inline ones', () => {
      f.template.resourceCountIs('AWS::IAM::Policy', 0);
      const policies = resourceStartingWith(f.template, 'AWS::IAM::ManagedPolicy', 'FullExecutionRole');
      expect(JSON.stringify(policies)).toMatch(/secretsmanager:GetSecretValue/);
      expect(JSON.stringify(policies)).toMatch(/ecr:BatchGetImage/);
      const taskPolicies = resourceStartingWith(f.template, 'AWS::IAM::ManagedPolicy', 'FullTaskRole');
      expect(JSON.stringify(taskPolicies)).toMatch(/xray:PutTraceSegments/);
      expect(JSON.stringify(taskPolicies)).toMatch(/ssmmessages:CreateControlChannel/);
    });

    test('the load balancer drops invalid headers and logs to an SSE-S3, SSL-only, expiring bucket', () => {
      const [lb] = resourceStartingWith(f.template, 'AWS::ElasticLoadBalancingV2::LoadBalancer', 'Api');
      expect(lb.LoadBalancerAttributes).toEqual(expect.arrayContaining([
        { Key: 'routing.http.drop_invalid_header_fields.enabled', Value: 'true' },
        { Key: 'access_logs.s3.enabled', Value: 'true' },
      ]));
      expect(lb.Scheme).toBe('internet-facing');
      const [bucket] = resourceStartingWith(f.template, 'AWS::S3::Bucket', 'ApiAccessLogs');
      expect(bucket.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm).toBe('AES256');
      expect(bucket.LifecycleConfiguration.Rules[0]).toMatchObject({ ExpirationInDays: 14, Status: 'Enabled' });
      expect(bucket.VersioningConfiguration).toEqual({ Status: 'Enabled' });
      const [policy] = resourceStartingWith(f.template, 'AWS::S3::BucketPolicy', 'ApiAccessLogs');
      expect(policy.PolicyDocument.Statement).toContainEqual(expect.objectContaining({
        Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      }));
    });

    test('a public load balancer accepts any IPv4 client; an internal one only the workload subnets', () => {
      const [publicSg] = resourceStartingWith(f.template, 'AWS::EC2::SecurityGroup', 'ApiLoadBalancerSecurityGroup');
      expect(publicSg.SecurityGroupIngress).toEqual([expect.objectContaining({ CidrIp: '0.0.0.0/0', FromPort: 80, ToPort: 80 })]);
      const [internalSg] = resourceStartingWith(f.template, 'AWS::EC2::SecurityGroup', 'InternalLoadBalancerSecurityGroup');
      const cidrs = internalSg.SecurityGroupIngress.map((r: any) => r.CidrIp);
      expect(cidrs).not.toContain('0.0.0.0/0');
      expect(cidrs).toEqual(expect.arrayContaining(['10.0.16.0/20', '10.0.32.0/20']));
      const [lb] = resourceStartingWith(f.template, 'AWS::ElasticLoadBalancingV2::LoadBalancer', 'Internal');
      expect(lb.Scheme).toBe('internal');
    });

    test('a domain name gets a DNS-validated certificate, an alias record, HTTPS with TLS 1.3/1.2 and HTTP redirected', () => {
      f.template.hasResourceProperties('AWS::CertificateManager::Certificate', {
        DomainName: 'orders.example.com',
        ValidationMethod: 'DNS',
        DomainValidationOptions: [{ DomainName: 'orders.example.com', HostedZoneId: 'Z0123456789' }],
      });
      f.template.hasResourceProperties('AWS::Route53::RecordSet', { Name: 'orders.example.com.', Type: 'A', AliasTarget: Match.anyValue() });
      const listeners = resourceStartingWith(f.template, 'AWS::ElasticLoadBalancingV2::Listener', 'Full');
      expect(listeners.find((l) => l.Port === 443)).toMatchObject({ Protocol: 'HTTPS', SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06' });
      expect(listeners.find((l) => l.Port === 80).DefaultActions[0]).toMatchObject({
        Type: 'redirect', RedirectConfig: { Protocol: 'HTTPS', Port: '443', StatusCode: 'HTTP_301' },
      });
    });

    test('waf: true adds a web ACL with the three AWS managed rule groups, logging to an aws-waf-logs- group', () => {
      const [acl] = resourceStartingWith(f.template, 'AWS::WAFv2::WebACL', 'Full');
      expect(acl.Scope).toBe('REGIONAL');
      expect(acl.Rules.map((r: any) => r.Statement.ManagedRuleGroupStatement.Name)).toEqual([
        'AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet', 'AWSManagedRulesAmazonIpReputationList',
      ]);
      expect(resourceStartingWith(f.template, 'AWS::WAFv2::LoggingConfiguration', 'Full')).toHaveLength(1);
      const [logs] = resourceStartingWith(f.template, 'AWS::Logs::LogGroup', 'FullWebAclLogs');
      expect(logs.LogGroupName).toMatch(/^aws-waf-logs-/);
    });

    test('the dashboard shows requests, 4xx/5xx, p50/p90/p99 latency, healthy hosts, CPU, memory, running tasks and alarm states', () => {
      const [dashboard] = resourceStartingWith(f.template, 'AWS::CloudWatch::Dashboard', 'ApiDashboard');
      const [body, variables] = dashboard.DashboardBody['Fn::Sub'];
      for (const needle of ['RequestCount', 'HTTPCode_Target_4XX_Count', 'HTTPCode_Target_5XX_Count', 'HTTPCode_ELB_5XX_Count',
        '"stat":"p50"', '"stat":"p90"', '"stat":"p99"', 'HealthyHostCount', 'CPUUtilization', 'MemoryUtilization', 'RunningTaskCount']) {
        expect(body).toContain(needle);
      }
      // Every placeholder is a variable bound to this service's resources (or the region).
      const used = new Set([...body.matchAll(/\$\{([^}]*)\}/g)].map((m: RegExpMatchArray) => m[1]));
      expect([...used].sort()).toEqual([...Object.keys(variables), 'AWS::Region'].sort());
      const id = (type: string, prefix: string) => Object.keys(f.template.findResources(type)).find((k) => k.startsWith(prefix));
      expect(variables).toEqual({
        LoadBalancer: { 'Fn::GetAtt': [id('AWS::ElasticLoadBalancingV2::LoadBalancer', 'ApiLoadBalancer'), 'LoadBalancerFullName'] },
        TargetGroup: { 'Fn::GetAtt': [id('AWS::ElasticLoadBalancingV2::TargetGroup', 'ApiTargetGroup'), 'TargetGroupFullName'] },
        Cluster: { Ref: id('AWS::ECS::Cluster', 'NetworkCluster') },
        Service: { 'Fn::GetAtt': [id('AWS::ECS::Service', 'ApiService'), 'Name'] },
        ErrorRateAlarm: { 'Fn::GetAtt': [id('AWS::CloudWatch::Alarm', 'ApiErrorRateAlarm'), 'Arn'] },
        LatencyP99Alarm: { 'Fn::GetAtt': [id('AWS::CloudWatch::Alarm', 'ApiLatencyP99Alarm'), 'Arn'] },
        UnhealthyHostsAlarm: { 'Fn::GetAtt': [id('AWS::CloudWatch::Alarm', 'ApiUnhealthyHostsAlarm'), 'Arn'] },
        CpuHighAlarm: { 'Fn::GetAtt': [id('AWS::CloudWatch::Alarm', 'ApiCpuHighAlarm'), 'Arn'] },
        MemoryHighAlarm: { 'Fn::GetAtt': [id('AWS::CloudWatch::Alarm', 'ApiMemoryHighAlarm'), 'Arn'] },
      });
      // The body is valid JSON once the variables are substituted.
      expect(JSON.parse(body.replace(/\$\{[^}]*\}/g, 'x')).widgets).toHaveLength(7);
    });

    test('alarms cover 5xx rate, p99 latency, unhealthy hosts, CPU and memory; the created topic is KMS-encrypted and SSL-only', () => {
      const alarms = resourceStartingWith(f.template, 'AWS::CloudWatch::Alarm', 'Api');
      const text = JSON.stringify(alarms);
      for (const needle of ['HTTPCode_Target_5XX_Count', 'TargetResponseTime', 'UnHealthyHostCount', 'CPUUtilization', 'MemoryUtilization']) {
        expect(text).toContain(needle);
      }
      const [topic] = resourceStartingWith(f.template, 'AWS::SNS::Topic', 'ApiAlarmTopic');
      expect(topic.KmsMasterKeyId).toBeDefined();
      const [topicPolicy] = resourceStartingWith(f.template, 'AWS::SNS::TopicPolicy', 'ApiAlarmTopic');
      expect(JSON.stringify(topicPolicy)).toContain('aws:SecureTransport');
    });

    test('the url is a stack output: http on the load balancer DNS name, https on the domain name', () => {
      const outputs = f.template.findOutputs('*');
      const api = Object.entries(outputs).find(([k]) => k.startsWith('ApiUrl'))![1];
      expect(JSON.stringify(api.Value)).toMatch(/http:\/\/.*ApiLoadBalancer.*DNSName/);
      const full = Object.entries(outputs).find(([k]) => k.startsWith('FullUrl'))![1];
      expect(full.Value).toBe('https://orders.example.com');
    });

    test('stateful resources keep their logical ids', () => {
      const ids = (type: string) => Object.keys(f.template.findResources(type));
      expect(ids('AWS::S3::Bucket')).toEqual(expect.arrayContaining(['ApiAccessLogs50B185DB']));
      expect(ids('AWS::Logs::LogGroup')).toEqual(expect.arrayContaining(['ApiLogsCD139AD4']));
      expect(ids('AWS::KMS::Key')).toEqual(expect.arrayContaining(['ApiLogKeyCB69AA94']));
    });

    test('every resource is tagged with the owner from context', () => {
      const [lb] = resourceStartingWith(f.template, 'AWS::ElasticLoadBalancingV2::LoadBalancer', 'Api');
      expect(lb.Tags).toContainEqual({ Key: 'paved-road:owner', Value: 'team-test' });
      expect(lb.Tags).toContainEqual({ Key: 'paved-road:construct', Value: 'PavedRoadService' });
    });
  });

  describe('connections and grants', () => {
    test('service.connections.allowToDefaultPort(database) and bucket.grantRead(service) work', () => {
      // GIVEN
      const stack = testStack(testApp());
      const network = new PavedRoadNetwork(stack, 'Network');
      const service = new PavedRoadService(stack, 'Api', { network, image: IMAGE });
      const database = new ec2.Connections({
        securityGroups: [new ec2.SecurityGroup(stack, 'DatabaseSg', { vpc: network.vpc })],
        defaultPort: ec2.Port.tcp(5432),
      });
      const bucket = new s3.Bucket(stack, 'Data');
      // WHEN
      service.connections.allowToDefaultPort({ connections: database });
      bucket.grantRead(service);
      // THEN
      const template = Template.fromStack(stack);
      template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
        FromPort: 5432,
        GroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DatabaseSg'), 'GroupId'] },
        SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ApiServiceSecurityGroup'), 'GroupId'] },
      });
      template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
        Roles: [{ Ref: Match.stringLikeRegexp('^ApiTaskRole') }],
        PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: Match.arrayWith(['s3:GetObject*']) })]) },
      });
      template.resourceCountIs('AWS::IAM::Policy', 0);
    });

    test('a given alarm topic is used instead of a new one', () => {
      const stack = testStack(testApp({ 'paved-road:profile': 'staging' }));
      const network = new PavedRoadNetwork(stack, 'Network');
      const topic = sns.Topic.fromTopicArn(stack, 'Pager', 'arn:aws:sns:us-east-1:123456789012:pager');
      const service = new PavedRoadService(stack, 'Api', { network, image: IMAGE, alarmTopic: topic });
      const template = Template.fromStack(stack);
      expect(service.alarmTopic).toBe(topic);
      template.resourceCountIs('AWS::SNS::Topic', 0);
      template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmActions: ['arn:aws:sns:us-east-1:123456789012:pager'] });
    });
  });

  describe('in a region-agnostic stack', () => {
    test('the load balancer still logs: to the log-delivery service principal or the regional ELB account', () => {
      // GIVEN
      const stack = new Stack(testApp(), 'Agnostic');
      const network = new PavedRoadNetwork(stack, 'Network');
      // WHEN
      new PavedRoadService(stack, 'Api', { network, image: IMAGE });
      // THEN
      const template = Template.fromStack(stack);
      const [lb] = resourceStartingWith(template, 'AWS::ElasticLoadBalancingV2::LoadBalancer', 'Api');
      expect(lb.LoadBalancerAttributes).toContainEqual({ Key: 'access_logs.s3.enabled', Value: 'true' });
      const [policy] = resourceStartingWith(template, 'AWS::S3::BucketPolicy', 'ApiAccessLogs');
      const principals = policy.PolicyDocument.Statement.filter((st: any) => st.Action === 's3:PutObject').map((st: any) => st.Principal);
      expect(principals).toContainEqual(expect.objectContaining({ Service: 'logdelivery.elasticloadbalancing.amazonaws.com' }));
      expect(JSON.stringify(principals.map((p: any) => p.AWS))).toMatch(/Fn::If.*PavedRoadElbLogsByServicePrincipal.*Elbv2AccountMap/);
      expect(template.toJSON().Mappings.Elbv2AccountMap['us-east-1']).toEqual({ value: '127311923021' });
    });
  });

  describe('bad input', () => {
    let stack: Stack;
    let network: PavedRoadNetwork;
    beforeAll(() => {
      stack = testStack(testApp());
      network = new PavedRoadNetwork(stack, 'Network');
    });
    let n = 0;
    const create = (props: Partial<PavedRoadServiceProps>, on: Stack = stack) =>
      () => new PavedRoadService(on, `Bad${n++}`, { network, image: IMAGE, ...props });

    test('an invalid cpu/memory pair lists the valid memory values for that cpu', () => {
      expect(create({ cpu: 256, memoryMiB: 4096 })).toThrow(/memoryMiB: 4096 is not allowed; allowed: for cpu 256, one of 512, 1024, 2048/);
    });
    test('a cpu Fargate does not offer', () => {
      expect(create({ cpu: 300 })).toThrow(/cpu: 300 is not allowed; allowed: one of the Fargate task sizes 256, 512/);
    });
    test('minCapacity above maxCapacity', () => {
      expect(create({ minCapacity: 5, maxCapacity: 2 })).toThrow(/minCapacity: 5 is not allowed; allowed: at most maxCapacity \(2\)/);
    });
    test('desiredCount outside [minCapacity, maxCapacity]', () => {
      expect(create({ minCapacity: 2, maxCapacity: 4, desiredCount: 5 })).toThrow(/desiredCount: 5 is not allowed; allowed: an integer from minCapacity to maxCapacity \(2 to 4\)/);
    });
    test('non-positive counts', () => {
      expect(create({ minCapacity: 0 })).toThrow(/minCapacity: 0 is not allowed; allowed: a positive integer/);
      expect(create({ maxCapacity: -1 })).toThrow(/maxCapacity: -1 is not allowed; allowed: a positive integer/);
      expect(create({ desiredCount: 0 })).toThrow(/desiredCount: 0 is not allowed; allowed: a positive integer/);
    });
    test('containerPort outside 1-65535', () => {
      expect(create({ containerPort: 70000 })).toThrow(/containerPort: 70000 is not allowed; allowed: an integer from 1 to 65535/);
    });
    test('a health check path not starting with /', () => {
      expect(create({ healthCheckPath: 'health' })).toThrow(/healthCheckPath: "health" is not allowed; allowed: a path starting with '\/'/);
    });
    test('prod without a certificate', () => {
      const prod = testStack(testApp({ 'paved-road:profile': 'prod' }));
      const prodNetwork = new PavedRoadNetwork(prod, 'Network');
      expect(() => new PavedRoadService(prod, 'Api', { network: prodNetwork, image: IMAGE }))
        .toThrow(/certificate: undefined is not allowed; allowed: a certificate \(or domainName with hostedZone\) in the prod profile/);
    });
    test('domainName without a hosted zone', () => {
      expect(create({ domainName: 'api.example.com' })).toThrow(/hostedZone: undefined is not allowed; allowed: the hosted zone of domainName "api.example.com"/);
    });
    test('an environment variable name that is not a valid variable name', () => {
      expect(create({ environment: { 'LOG-LEVEL': 'x' } })).toThrow(/environment key: "LOG-LEVEL" is not allowed; allowed: a variable name/);
    });
    test('a secret name that is not a valid variable name', () => {
      const secret = ecs.Secret.fromSsmParameter(ssm.StringParameter.fromStringParameterName(stack, 'P', '/x'));
      expect(create({ secrets: { '1KEY': secret } })).toThrow(/secrets key: "1KEY" is not allowed; allowed: a variable name/);
    });
    test('the same name in environment and secrets', () => {
      const secret = ecs.Secret.fromSsmParameter(ssm.StringParameter.fromStringParameterName(stack, 'Q', '/y'));
      expect(create({ environment: { TOKEN: 'x' }, secrets: { TOKEN: secret } })).toThrow(/secrets: "TOKEN" is not allowed; allowed: a name that is not also in environment/);
    });
    test('running as root', () => {
      expect(create({ user: 'root' })).toThrow(/user: "root" is not allowed; allowed: a non-root user/);
    });
    test('a log retention CloudWatch Logs refuses', () => {
      expect(create({ logRetentionDays: 10 })).toThrow(/logRetentionDays: 10 is not allowed; allowed: a retention CloudWatch Logs accepts \(1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653\)/);
      expect(create({ logRetentionDays: 14 })).not.toThrow();
    });
    test('all problems are reported in one error', () => {
      expect(create({ containerPort: 0, healthCheckPath: 'x', minCapacity: 3, maxCapacity: 1 })).toThrow(/has 3 invalid props/);
    });
    test('cpu alone picks a memory Fargate allows with it', () => {
      const service = create({ cpu: 4096 })() as PavedRoadService;
      expect(Stack.of(service).resolve((service.taskDefinition.node.defaultChild as ecs.CfnTaskDefinition).memory)).toBe('8192');
    });
    test('spot: true runs ARM64 (the default) and X86_64 tasks on FARGATE_SPOT; spot: false on FARGATE', () => {
      const strategy = (s: PavedRoadService) => stack.resolve((s.service.node.defaultChild as ecs.CfnService).capacityProviderStrategy);
      expect(strategy(create({ spot: true })() as PavedRoadService)).toEqual([{ capacityProvider: 'FARGATE_SPOT', weight: 1 }]);
      expect(strategy(create({ spot: true, cpuArchitecture: ecs.CpuArchitecture.X86_64 })() as PavedRoadService)).toEqual([{ capacityProvider: 'FARGATE_SPOT', weight: 1 }]);
      expect(strategy(create({ spot: false })() as PavedRoadService)).toEqual([{ capacityProvider: 'FARGATE', weight: 1 }]);
    });
    test('desiredCount 0 is reported once, as not positive', () => {
      expect(validationError(create({ desiredCount: 0 })).problems).toEqual([expect.stringMatching(/^desiredCount: 0 is not allowed; allowed: a positive integer/)]);
    });
    test('memoryMiB alone that no Fargate cpu takes', () => {
      expect(create({ memoryMiB: 1000 })).toThrow(/memoryMiB: 1000 is not allowed; allowed: a Fargate memory size: from 512 to 122880 MiB in the steps each cpu allows \(with cpu 256: 512, 1024, 2048\)/);
    });
    test.each(['0', '00', '0:0', 'root:1000'])('running as uid 0 (%p)', (user) => {
      expect(create({ user })).toThrow(/user: .* is not allowed; allowed: a non-root user/);
    });
    test('a secret whose name is an Object property (toString) is not mistaken for an environment variable', () => {
      const secret = ecs.Secret.fromSsmParameter(ssm.StringParameter.fromStringParameterName(stack, 'ToStringParam', '/z'));
      expect(create({ environment: { LOG_LEVEL: 'info' }, secrets: { toString: secret } })).not.toThrow();
    });
    describe('domainName and its hosted zone', () => {
      let zone: route53.IHostedZone;
      beforeAll(() => {
        zone = route53.HostedZone.fromHostedZoneAttributes(stack, 'DomainZone', { hostedZoneId: 'Z0123456789', zoneName: 'example.com' });
      });
      test('outside the hosted zone (the record would be named <domainName>.<zone>)', () => {
        expect(create({ domainName: 'api.example.org', hostedZone: zone })).toThrow(/domainName: "api.example.org" is not allowed; allowed: a name in the hosted zone example.com/);
      });
      test('with capital letters', () => {
        expect(create({ domainName: 'Api.Example.com', hostedZone: zone })).toThrow(/domainName: "Api.Example.com" is not allowed; allowed: a lowercase fully qualified domain name/);
      });
      test('longer than ACM allows when the library requests the certificate, fine with a certificate given', () => {
        const long = `${'a'.repeat(60)}.example.com`;
        expect(create({ domainName: long, hostedZone: zone })).toThrow(/domainName: "a{60}\.example\.com" is not allowed; allowed: at most 64 characters when the library requests its certificate/);
        const certificate = acm.Certificate.fromCertificateArn(stack, 'LongNameCertificate', CERT_ARN);
        expect(create({ domainName: long, hostedZone: zone, certificate })).not.toThrow();
      });
      test('the zone apex and a trailing-dot zone name are in the zone', () => {
        const dotted = route53.HostedZone.fromHostedZoneAttributes(stack, 'DottedZone', { hostedZoneId: 'Z0123456780', zoneName: 'example.com.' });
        expect(create({ domainName: 'example.com', hostedZone: zone })).not.toThrow();
        expect(create({ domainName: 'www.example.com', hostedZone: dotted })).not.toThrow();
      });
      test('a hosted zone imported by id alone (no name for the record)', () => {
        const byId = route53.HostedZone.fromHostedZoneId(stack, 'ZoneById', 'Z0123456781');
        expect(create({ domainName: 'api.example.com', hostedZone: byId })).toThrow(/hostedZone: "TestStack\/ZoneById" is not allowed; allowed: a hosted zone that knows its name/);
      });
    });
    test('an internal load balancer in a VPC imported without its CIDR', () => {
      const imported = ec2.Vpc.fromVpcAttributes(stack, 'NoCidrVpc', {
        vpcId: 'vpc-0123456789abcdef0',
        availabilityZones: ['us-east-1a', 'us-east-1b'],
        privateSubnetIds: ['subnet-00000000000000001', 'subnet-00000000000000002'],
        isolatedSubnetIds: ['subnet-00000000000000003', 'subnet-00000000000000004'],
      });
      const adopted = PavedRoadNetwork.fromVpc(stack, 'NoCidrNetwork', imported);
      expect(() => new PavedRoadService(stack, 'NoCidrInternal', { network: adopted, image: IMAGE, publicLoadBalancer: false }))
        .toThrow(/publicLoadBalancer: false is not allowed; allowed: true, or a network whose VPC knows its CIDR: .*TestStack\/NoCidrVpc was imported without vpcCidrBlock/);
    });
    test('the health check grace period can be changed', () => {
      const service = create({ healthCheckGracePeriod: Duration.seconds(120) })() as PavedRoadService;
      expect(Stack.of(service).resolve((service.service.node.defaultChild as ecs.CfnService).healthCheckGracePeriodSeconds)).toBe(120);
    });
  });
});

describe('PavedRoadService dashboard with widgets a team adds', () => {
  function withTeamWidgets(...widgets: Array<(svc: PavedRoadService) => cloudwatch.IWidget>) {
    const app = testApp();
    const stack = testStack(app);
    const service = new PavedRoadService(stack, 'Api', { network: new PavedRoadNetwork(stack, 'Network'), image: IMAGE });
    service.dashboard.addWidgets(...widgets.map((w) => w(service)));
    const [, dashboard] = resourcesOf(Template.fromStack(stack), 'AWS::CloudWatch::Dashboard')[0];
    return dashboard.Properties.DashboardBody;
  }

  test('GIVEN a text widget with a literal ${...} THEN it is escaped, not taken for a variable', () => {
    const body = withTeamWidgets(() => new cloudwatch.TextWidget({ markdown: 'Runbook: set ${LOG_LEVEL} and ${LoadBalancer}' }));
    const [text] = body['Fn::Sub'];
    expect(text).toContain('Runbook: set ${!LOG_LEVEL} and ${LoadBalancer}');
    expect(JSON.parse(text.replace(/\$\{[^}]*\}/g, 'x')).widgets).toHaveLength(8);
  });

  test('GIVEN a graph of metrics with deploy-time dimensions THEN the body joins them and every placeholder is replaced', () => {
    const body = withTeamWidgets((svc) => new cloudwatch.GraphWidget({ left: [svc.service.metricCpuUtilization()] }));
    const json = JSON.stringify(body);
    expect(body['Fn::Join']).toBeDefined();
    expect(json).not.toMatch(/\$\{(LoadBalancer|TargetGroup|Cluster|Service|ErrorRateAlarm|AWS::Region)\}/);
    expect(json).toMatch(/"Fn::GetAtt":\["ApiLoadBalancer[0-9A-F]+","LoadBalancerFullName"\]/);
    expect(json).toMatch(/"Fn::GetAtt":\["ApiErrorRateAlarm[0-9A-F]+","Arn"\]/);
    expect(json).toContain('{"Ref":"AWS::Region"}');
  });
});

describe('PavedRoadService with deploy-time (token) values', () => {
  /** A service in a staging stack (tracing on) with CloudFormation parameters for the given props. */
  function build(props: (stack: Stack) => Partial<PavedRoadServiceProps>): { stack: Stack; service: PavedRoadService; template: Template } {
    const stack = testStack(testApp({ 'paved-road:profile': Profile.STAGING }));
    const network = new PavedRoadNetwork(stack, 'Network');
    const service = new PavedRoadService(stack, 'Api', { network, image: IMAGE, ...props(stack) });
    return { stack, service, template: Template.fromStack(stack) };
  }
  const numberParameter = (stack: Stack, id: string) => new CfnParameter(stack, id, { type: 'Number' }).valueAsNumber;

  test('a token maxCapacity reaches the scalable target and keeps the scaling policies', () => {
    const { template, service } = build((stack) => ({ maxCapacity: numberParameter(stack, 'MaxTasks') }));
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', { MinCapacity: 1, MaxCapacity: { Ref: 'MaxTasks' } });
    // CPU, memory, and requests on each of staging's two (blue/green) target groups
    template.resourceCountIs('AWS::ApplicationAutoScaling::ScalingPolicy', 4);
    expect(service.scaling).toBeDefined();
  });

  test('a token minCapacity and desiredCount pass validation and reach the service', () => {
    const { template } = build((stack) => ({ minCapacity: numberParameter(stack, 'MinTasks'), desiredCount: numberParameter(stack, 'Tasks'), maxCapacity: 8 }));
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', { MinCapacity: { Ref: 'MinTasks' }, MaxCapacity: 8 });
    template.hasResourceProperties('AWS::ECS::Service', { DesiredCount: { Ref: 'Tasks' } });
    template.resourceCountIs('AWS::ApplicationAutoScaling::ScalingPolicy', 4);
  });

  test('a token task memory with the trace collector: the app has no limit of its own, so the limits never exceed the task', () => {
    const { template } = build((stack) => ({ cpu: numberParameter(stack, 'Cpu'), memoryMiB: numberParameter(stack, 'Memory') }));
    const [td] = Object.values<any>(template.findResources('AWS::ECS::TaskDefinition'));
    expect(td.Properties.Memory).toEqual({ Ref: 'Memory' });
    const byName = Object.fromEntries(td.Properties.ContainerDefinitions.map((c: any) => [c.Name, c]));
    expect(byName.App.Memory).toBeUndefined();
    expect(byName.TraceCollector.Memory).toBe(128);
  });

  test('a token task memory without the collector is the app container limit', () => {
    const { template } = build((stack) => ({ cpu: numberParameter(stack, 'Cpu'), memoryMiB: numberParameter(stack, 'Memory'), tracing: false }));
    const [td] = Object.values<any>(template.findResources('AWS::ECS::TaskDefinition'));
    expect(td.Properties.ContainerDefinitions[0].Memory).toEqual({ Ref: 'Memory' });
  });
});

describe('PavedRoadService edge cases', () => {
  test('with tracing, an OTEL_EXPORTER_OTLP_ENDPOINT secret is the only source of that variable', () => {
    const stack = testStack(testApp());
    const network = new PavedRoadNetwork(stack, 'Network');
    const endpoint = ecs.Secret.fromSsmParameter(ssm.StringParameter.fromStringParameterName(stack, 'Endpoint', '/otel/endpoint'));
    new PavedRoadService(stack, 'Api', { network, image: IMAGE, tracing: true, secrets: { OTEL_EXPORTER_OTLP_ENDPOINT: endpoint } });
    const [td] = Object.values<any>(Template.fromStack(stack).findResources('AWS::ECS::TaskDefinition'));
    const app = td.Properties.ContainerDefinitions[0];
    expect(app.Secrets.map((s: any) => s.Name)).toEqual(['OTEL_EXPORTER_OTLP_ENDPOINT']);
    expect(app.Environment).toBeUndefined();
  });

  test('the load balancer security group description stays within EC2\'s 255 characters under a long path', () => {
    const app = testApp();
    const stack = testStack(app);
    const network = new PavedRoadNetwork(stack, 'Network');
    new PavedRoadService(deepScope(stack, 8), 'Api', { network, image: IMAGE });
    const descriptions = Object.values<any>(Template.fromStack(stack).findResources('AWS::EC2::SecurityGroup'))
      .map((sg) => sg.Properties.GroupDescription as string)
      .filter((d) => d.startsWith('Load balancer of'));
    expect(descriptions).toHaveLength(1);
    expect(descriptions[0].length).toBeLessThanOrEqual(255);
    expect(descriptions[0]).toMatch(/^Load balancer of \.\.\..*Segment7\/Api: internet clients in, service tasks out$/);
  });
});
