import { Duration } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { SmokeTestFunction } from './smoke-test-function';
import { TEST_TRAFFIC_HEADER } from './traffic-shift';
import { acknowledge } from '../core/acknowledge';
import { ProfileSettings } from '../core/profile-settings';
import { AwsSolutionsRule, nistHipaaPci, PavedRoadRule } from '../core/rule-ids';
import { IPavedRoadNetwork } from '../network/network-props';

/*
 * Threat model of the smoke-test hook (README, "Security model", "Deployment smoke tests"; the bounds
 * are asserted in test/security-model.test.ts).
 *
 * - Who can invoke the function. It has no resource policy: only principals whose identity policy
 *   allows lambda:InvokeFunction on it. The library grants that to one role, the hook role, which only
 *   ecs.amazonaws.com can assume and which may invoke this function and nothing else; account
 *   administrators can invoke it too.
 * - With what input. ECS's lifecycle payload. The function reads one field of it, hookDetails.attempt
 *   (a counter it returned itself), to decide between IN_PROGRESS and FAILED; the URL, host, header and
 *   method come from its environment, set at synth. An invoker cannot make it request anything else.
 * - What its credentials allow. Writing its own log streams; inside a VPC (internal load balancers)
 *   also the network-interface actions Lambda performs with the execution role. No other AWS API: it
 *   calls none (its metrics go to the log as embedded metric format).
 * - Worst case. Someone able to invoke it makes it send GET requests, at most two at a time (reserved
 *   concurrency), to the service's own load balancer, or makes a running deployment pass or fail
 *   its smoke test early (a FAILED answer rolls that deployment back; a SUCCEEDED one skips one check,
 *   and the deployment alarms still watch every traffic step). The test header is not a secret (it is
 *   in the template and the listener rule): whoever sends it reaches the new revision during the test
 *   step, the revision production traffic gets minutes later, through the same listener, TLS and WAF.
 */

/** @internal */
export interface SmokeTestOptions {
  readonly network: IPavedRoadNetwork;
  readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  readonly publicLoadBalancer: boolean;
  /** The listener the test rule is on: HTTPS (443) with a certificate, else HTTP (80). */
  readonly https: boolean;
  /** The service's domain name, when it has one (Host, SNI and the name the certificate must match). */
  readonly domainName?: string;
  readonly path: string;
  readonly testHeaderValue: string;
  readonly logKey: kms.IKey;
  readonly settings: ProfileSettings;
}

/** @internal */
export interface SmokeTestParts {
  readonly function: lambda.Function;
  readonly role: iam.Role;
  readonly policy: iam.ManagedPolicy;
  /** The role ECS assumes to invoke the function. */
  readonly hookRole: iam.Role;
  readonly hookPolicy: iam.ManagedPolicy;
  readonly logGroup: logs.LogGroup;
  readonly securityGroup?: ec2.SecurityGroup;
  readonly hook: ecs.DeploymentLifecycleLambdaTarget;
}

/** Retries: an answer that is not 200-399 is asked again twice, 15 seconds apart (ECS calls the function again). */
const ATTEMPTS = 3;
const RETRY_DELAY_SECONDS = 15;
const REQUEST_TIMEOUT = Duration.seconds(5);

/**
 * The smoke-test function (outside the VPC for a public load balancer, in the workload subnets for an
 * internal one), its role, its log group and the lifecycle hook that runs it after test traffic moved.
 * @internal
 */
export function createSmokeTest(scope: Construct, o: SmokeTestOptions): SmokeTestParts {
  const what = `the smoke test of ${scope.node.path}`;
  const logGroup = new logs.LogGroup(scope, 'SmokeTestLogs', {
    encryptionKey: o.logKey,
    retention: o.settings.logRetentionDays,
    removalPolicy: o.settings.statefulRemovalPolicy,
  });
  // No aws:SourceAccount: the Lambda execution-role pages show this trust without conditions (see
  // PreviewReaper); what bounds the role is its policy.
  const role = new iam.Role(scope, 'SmokeTestRole', {
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    description: `Runs ${what}: writes its logs, nothing else`,
  });
  const inVpc = !o.publicLoadBalancer;
  const statements = [
    new iam.PolicyStatement({ sid: 'WriteLogs', actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }),
  ];
  if (inVpc) {
    // Lambda creates and removes the function's network interfaces with the execution role (Lambda
    // developer guide, "Giving Lambda functions access to resources in an Amazon VPC").
    statements.push(new iam.PolicyStatement({
      sid: 'FunctionNetworkInterfaces',
      actions: ['ec2:CreateNetworkInterface', 'ec2:DescribeNetworkInterfaces', 'ec2:DescribeSubnets', 'ec2:DeleteNetworkInterface',
        'ec2:AssignPrivateIpAddresses', 'ec2:UnassignPrivateIpAddresses'],
      resources: ['*'],
    }));
  }
  const policy = new iam.ManagedPolicy(scope, 'SmokeTestPolicy', { description: `What ${what} may do`, roles: [role], statements });
  if (inVpc) {
    acknowledge(policy, [{
      rules: [AwsSolutionsRule.IAM5],
      reason: `Role of ${what}, which runs in the VPC to reach an internal load balancer: Lambda manages the function's network interfaces with these EC2 actions, which it performs on interfaces it creates at run time (Resource "*"); the role has no other AWS permission than writing its own log streams.`,
      appliesTo: ['Resource::*'],
    }]);
  }

  let securityGroup: ec2.SecurityGroup | undefined;
  const port = o.https ? 443 : 80;
  if (inVpc) {
    securityGroup = new ec2.SecurityGroup(scope, 'SmokeTestSecurityGroup', {
      vpc: o.network.vpc,
      allowAllOutbound: false,
      description: 'Smoke test: out to the load balancer listener only',
    });
    for (const lbGroup of o.loadBalancer.connections.securityGroups) {
      securityGroup.addEgressRule(ec2.Peer.securityGroupId(lbGroup.securityGroupId), ec2.Port.tcp(port), 'the test listener rule');
    }
  }

  const fn = new SmokeTestFunction(scope, 'SmokeTest', {
    description: `Paved-road smoke test of ${scope.node.path}: requests ${o.path} of a new revision before production traffic moves`.slice(0, 256),
    architecture: lambda.Architecture.ARM_64,
    role: role.withoutPolicyUpdates(),
    logGroup,
    memorySize: 128,
    timeout: Duration.seconds(30),
    // ECS calls it once per attempt of one deployment; two leave room for a deployment that replaces another.
    reservedConcurrentExecutions: 2,
    // ECS invokes it synchronously and reads the answer: Lambda's asynchronous retries never apply.
    ...(inVpc ? { vpc: o.network.vpc, vpcSubnets: o.network.workloadSubnets, securityGroups: [securityGroup!] } : {}),
    environment: {
      TEST_URL: `${o.https ? 'https' : 'http'}://${o.loadBalancer.loadBalancerDnsName}:${port}${o.path}`,
      SERVER_NAME: o.domainName ?? '',
      TEST_HEADER_NAME: TEST_TRAFFIC_HEADER,
      TEST_HEADER_VALUE: o.testHeaderValue,
      ATTEMPTS: String(ATTEMPTS),
      RETRY_DELAY_SECONDS: String(RETRY_DELAY_SECONDS),
      REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT.toMilliseconds()),
    },
  });
  fn.node.addDependency(policy);
  const synchronous = `ECS invokes ${what} synchronously as a deployment lifecycle hook and reads its hookStatus; a failed invocation rolls the deployment back`;
  acknowledge(fn, [
    { rules: nistHipaaPci('LambdaDLQ'), reason: `${synchronous}, so a dead-letter queue (asynchronous invocations only) would never receive anything.` },
    { rules: [PavedRoadRule.LambdaFailureHandling], reason: `${synchronous}: there are no asynchronous events to catch; its concurrency is reserved (2).`, appliesTo: ['no-dlq-or-on-failure-destination'] },
    ...(inVpc ? [] : [{
      rules: nistHipaaPci('LambdaInsideVPC'),
      reason: `The function of ${what} calls only the internet-facing load balancer of the service, on its public listener, and no AWS API; inside the VPC it would reach that listener only through a NAT gateway, which a network built with vpcEndpointsOnly does not have.`,
    }]),
  ], true);

  const hookRole = new iam.Role(scope, 'SmokeTestHookRole', {
    assumedBy: new iam.ServicePrincipal('ecs.amazonaws.com'),
    description: `ECS invokes ${what} during deployments`,
  });
  const hookPolicy = new iam.ManagedPolicy(scope, 'SmokeTestHookPolicy', {
    description: `ECS may invoke ${what}, nothing else`,
    roles: [hookRole],
    // The unqualified ARN: the hook names the function itself, never a version or alias.
    statements: [new iam.PolicyStatement({ sid: 'InvokeTheSmokeTest', actions: ['lambda:InvokeFunction'], resources: [fn.functionArn] })],
  });
  const hook = new ecs.DeploymentLifecycleLambdaTarget(fn, 'SmokeTestHook', {
    role: hookRole,
    lifecycleStages: [ecs.DeploymentLifecycleStage.POST_TEST_TRAFFIC_SHIFT],
  });
  return { function: fn, role, policy, hookRole, hookPolicy, logGroup, securityGroup, hook };
}
