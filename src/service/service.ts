import { Annotations, CfnOutput, Duration, Token } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { SERVICE_DEFAULTS } from './defaults';
import { resolveDeployment } from './deployment-validation';
import { createLoadBalancer } from './load-balancer';
import { createServiceObservability, createTrafficAlarms, ServiceMetricsSource } from './observability';
import { PavedRoadServiceProps } from './service-props';
import { attachToSharedLoadBalancer, sharedLoadBalancerOf } from './shared-load-balancer';
import { createSmokeTest } from './smoke-test';
import { acknowledgeTaskRoles, addTracingSidecar, APP_CONTAINER, createTaskDefinition } from './task';
import { createTrafficShift, strategyProps, TrafficShiftParts } from './traffic-shift';
import { architectureName, validateServiceProps } from './validate';
import { createWebAcl } from './waf';
import { acknowledge } from '../core/acknowledge';
import { alarmTopicFor } from '../core/alarm-topic';
import { pinnedDefaults } from '../core/defaults-version';
import { keyFor, KeyPurpose } from '../core/keys';
import { PavedRoadConstruct } from '../core/paved-road-construct';
import { Profile } from '../core/profile';
import { profilesWhere } from '../core/profile-facts';
import { PROFILE_DEFAULTS } from '../core/profile-table';

/**
 * The golden path for a containerized HTTP service: ECS Fargate behind an Application Load Balancer.
 *
 * With only `network` and `image` (owner from context) it runs in every profile but prod, which needs
 * a `certificate` or `domainName` + `hostedZone`. Deployments roll back on a failed circuit breaker or
 * on the 5xx and unhealthy-host alarms; staging deploys blue/green and prod canary (ECS's own
 * strategies), each new revision passing a smoke test through a test listener rule before production
 * traffic moves; the container runs with a read-only root filesystem; the load balancer logs to an
 * encrypted bucket; a dashboard and alarms come with it.
 *
 * It is an `ec2.IConnectable` and an `iam.IGrantable`: `service.connections.allowToDefaultPort(database)`
 * and `bucket.grantRead(service)` work. Open paths from the service's side: the ingress rule then lives
 * in the service's stack, so a data stack never depends on a service stack.
 *
 * @example
 * const api = new PavedRoadService(stack, 'Api', {
 *   network,
 *   image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable'),
 * });
 */
export class PavedRoadService extends PavedRoadConstruct implements ec2.IConnectable, iam.IGrantable {
  /** The ECS service. */
  public readonly service: ecs.FargateService;
  /** The task definition. */
  public readonly taskDefinition: ecs.FargateTaskDefinition;
  /**
   * The task count's scalable target: add scaling policies or schedules (e.g. `scaleOnSchedule`) here.
   * It holds CPU, memory and request-count target tracking when `maxCapacity` exceeds `minCapacity`.
   */
  public readonly scaling: ecs.ScalableTaskCount;
  /** The app container. */
  public readonly container: ecs.ContainerDefinition;
  /**
   * The load balancer: the service's own, or in a preview the one its network's previews share
   * (`listenerRule` then routes to the tasks).
   */
  public readonly loadBalancer: elbv2.IApplicationLoadBalancer;
  /** The listener that forwards to the tasks (HTTPS with a certificate, else HTTP): its own, or the shared one. */
  public readonly listener: elbv2.IApplicationListener;
  /**
   * The path-based rule on the shared listener that routes to the tasks, in a preview that shares its
   * network's load balancer.
   */
  public readonly listenerRule?: elbv2.ApplicationListenerRule;
  /** The target group of the tasks (with BLUE_GREEN, LINEAR or CANARY, the one production traffic starts on). */
  public readonly targetGroup: elbv2.ApplicationTargetGroup;
  /**
   * The second target group of a BLUE_GREEN, LINEAR or CANARY deployment: ECS registers the new
   * revision in whichever of the two does not serve production traffic, then moves traffic to it.
   */
  public readonly alternateTargetGroup?: elbv2.ApplicationTargetGroup;
  /** How ECS deploys a new revision (the `deployment.strategy` prop, else the profile's). */
  public readonly deploymentStrategy: ecs.DeploymentStrategy;
  /** The function of the smoke test ECS runs before production traffic moves, when there is one. */
  public readonly smokeTestFunction?: lambda.IFunction;
  /** The bucket holding the load balancer's access logs. */
  public readonly accessLogsBucket: s3.IBucket;
  /** The application log group. */
  public readonly logGroup: logs.ILogGroup;
  /** The topic the alarms notify. */
  public readonly alarmTopic: sns.ITopic;
  /** The service dashboard. */
  public readonly dashboard: cloudwatch.Dashboard;
  /** The alarms: 5xx rate, p99 latency, unhealthy hosts, CPU high, memory high. */
  public readonly alarms: cloudwatch.IAlarm[];
  /** The certificate of the HTTPS listener, if any. */
  public readonly certificate?: acm.ICertificate;
  /** The WAF web ACL, when `waf` is on. */
  public readonly webAcl?: wafv2.CfnWebACL;
  /** The URL of the service (https with a certificate, else http). Also a stack output. */
  public readonly url: string;
  /**
   * Security group connections of the tasks. Their security group allows all outbound traffic; open a
   * path to a database or cache with `service.connections.allowToDefaultPort(database)`, which adds the
   * ingress rule in the service's stack (CDK's warning that it ignored the egress half is acknowledged).
   */
  public readonly connections: ec2.Connections;
  /** The task role: what the app may do. */
  public readonly grantPrincipal: iam.IPrincipal;

  constructor(scope: Construct, id: string, props: PavedRoadServiceProps) {
    super(scope, id, props, 'PavedRoadService');
    const d = this.profileDefaults;
    const sd = pinnedDefaults(this, 'service', this.profile, SERVICE_DEFAULTS[this.profile]);
    const size = validateServiceProps(this.node.path, this.profile, props, d, sd);
    const network = props.network;
    const containerPort = props.containerPort ?? 8080;
    const publicLoadBalancer = props.publicLoadBalancer ?? true;
    const tracing = props.tracing ?? d.tracing;
    const execute = props.enableExecuteCommand ?? d.ecsExec;
    const cpuArchitecture = props.cpuArchitecture ?? ecs.CpuArchitecture.ARM64;
    // Fargate Spot runs Linux X86_64 tasks (platform version 1.3.0 or later) and Linux ARM64 tasks (1.4.0
    // or later; ECS API Reference, CapacityProviderStrategyItem). The service runs on LATEST (1.4.0).
    const arm64 = architectureName(cpuArchitecture) !== 'X86_64';
    const spot = props.spot ?? (d.fargateSpot && (!arm64 || sd.arm64Spot));

    // Logs of the app (and its sidecar), encrypted with a key of their own (or the stack's shared logs key).
    const logKey = keyFor(this, KeyPurpose.LOGS, { id: 'LogKey', description: `Encrypts the logs of ${this.node.path}`, removalPolicy: d.statefulRemovalPolicy });
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      encryptionKey: logKey,
      retention: props.logRetentionDays ?? d.logRetentionDays,
      removalPolicy: d.statefulRemovalPolicy,
    });

    const task = createTaskDefinition(this, {
      size,
      image: props.image,
      containerPort,
      logGroup: this.logGroup,
      cpuArchitecture,
      readonlyRootFilesystem: props.readonlyRootFilesystem ?? true,
      user: props.user,
      environment: props.environment,
      secrets: props.secrets,
      tracing,
      execute,
    });
    this.taskDefinition = task.taskDefinition;
    this.container = task.container;
    if (tracing) addTracingSidecar(this.taskDefinition, this.logGroup);

    const healthCheckPath = props.healthCheckPath ?? '/health';
    const deployment = resolveDeployment(props.deployment, sd, healthCheckPath);
    this.deploymentStrategy = deployment.strategy;
    const targetGroupProps: elbv2.ApplicationTargetGroupProps = {
      vpc: network.vpc,
      port: containerPort,
      protocol: elbv2.ApplicationProtocol.HTTP,
      targetType: elbv2.TargetType.IP,
      deregistrationDelay: sd.deregistrationDelay,
      healthCheck: {
        path: healthCheckPath,
        healthyHttpCodes: '200-399',
        interval: Duration.seconds(15),
        timeout: Duration.seconds(5),
        healthyThresholdCount: 2,
        unhealthyThresholdCount: 3,
      },
    };
    this.targetGroup = new elbv2.ApplicationTargetGroup(this, 'TargetGroup', targetGroupProps);
    if (deployment.shiftsTraffic) this.alternateTargetGroup = new elbv2.ApplicationTargetGroup(this, 'AlternateTargetGroup', targetGroupProps);
    let metricsSource: ServiceMetricsSource;
    let ownLoadBalancer: elbv2.ApplicationLoadBalancer | undefined;
    let ownListener: elbv2.ApplicationListener | undefined;
    const shared = sharedLoadBalancerOf(this.profile, props);
    if (shared) {
      // a preview: a rule on the load balancer its network's previews share, in this (the preview's) stack
      const attached = attachToSharedLoadBalancer(this, shared, this.targetGroup, props.listenerRulePriority);
      this.loadBalancer = shared.loadBalancer;
      this.listener = shared.listener;
      this.listenerRule = attached.rule;
      this.accessLogsBucket = shared.accessLogsBucket;
      this.url = attached.url;
      metricsSource = {
        loadBalancerFullName: attached.loadBalancerFullName,
        targetGroup: this.targetGroup,
        clusterName: network.cluster.clusterName,
      };
    } else {
      const lb = createLoadBalancer(this, {
        network,
        publicLoadBalancer,
        certificate: props.certificate,
        domainName: props.domainName,
        hostedZone: props.hostedZone,
        targetGroup: this.targetGroup,
        settings: d,
        serviceDefaults: sd,
      });
      this.loadBalancer = lb.loadBalancer;
      this.listener = lb.listener;
      this.accessLogsBucket = lb.accessLogsBucket;
      this.certificate = lb.certificate;
      this.url = lb.url;
      if (props.waf ?? (d.waf && publicLoadBalancer)) {
        this.webAcl = createWebAcl(this, lb.loadBalancer, d, logKey);
      } else if (!publicLoadBalancer || !d.waf) {
        // `waf: false` on a public load balancer where the profile turns WAF on is the team's choice to acknowledge.
        acknowledgeNoWaf(lb.loadBalancer, publicLoadBalancer, this.profile);
      }
      ownLoadBalancer = lb.loadBalancer;
      ownListener = lb.listener;
      metricsSource = {
        loadBalancer: lb.loadBalancer,
        loadBalancerFullName: lb.loadBalancer.loadBalancerFullName,
        targetGroup: this.targetGroup,
        alternateTargetGroup: this.alternateTargetGroup,
        clusterName: network.cluster.clusterName,
      };
    }

    // BLUE_GREEN, LINEAR, CANARY: listener rules ECS moves traffic on, its role, and the smoke test.
    let shift: TrafficShiftParts | undefined;
    let smokeTest: ReturnType<typeof createSmokeTest> | undefined;
    if (this.alternateTargetGroup && ownLoadBalancer && ownListener) {
      const testHeaderValue = this.node.addr;
      shift = createTrafficShift(this, {
        listener: ownListener, targetGroup: this.targetGroup, alternateTargetGroup: this.alternateTargetGroup, deployment, testHeaderValue,
      });
      if (deployment.smokeTest) {
        smokeTest = createSmokeTest(this, {
          network,
          loadBalancer: ownLoadBalancer,
          publicLoadBalancer,
          https: this.certificate !== undefined,
          domainName: props.domainName,
          path: deployment.smokeTestPath,
          testHeaderValue,
          logKey,
          settings: d,
        });
        this.smokeTestFunction = smokeTest.function;
      }
    }

    const traffic = createTrafficAlarms(this, metricsSource, sd);

    this.service = new ecs.FargateService(this, 'Service', {
      cluster: network.cluster,
      taskDefinition: this.taskDefinition,
      desiredCount: size.desiredCount,
      vpcSubnets: network.workloadSubnets,
      assignPublicIp: false,
      capacityProviderStrategies: [{ capacityProvider: spot ? 'FARGATE_SPOT' : 'FARGATE', weight: 1 }],
      circuitBreaker: { enable: true, rollback: true },
      deploymentAlarms: {
        alarmNames: [traffic.errorRate.alarmName, traffic.unhealthyHosts.alarmName],
        behavior: ecs.AlarmBehavior.ROLLBACK_ON_ALARM,
      },
      minHealthyPercent: d.minHealthyPercent,
      maxHealthyPercent: 200,
      healthCheckGracePeriod: props.healthCheckGracePeriod ?? sd.healthCheckGracePeriod,
      enableExecuteCommand: execute,
      propagateTags: ecs.PropagatedTagSource.SERVICE,
      ...strategyProps(deployment),
    });
    // With a traffic shift, the alternate target (second target group, rules, role) rides on the first one.
    const alternateTarget = shift?.alternateTarget;
    this.targetGroup.addTarget(this.service.loadBalancerTarget({ containerName: APP_CONTAINER, containerPort, alternateTarget }));
    // ECS uses the roles as soon as the service changes: their policies first (on the ECS service resource alone).
    const cfnService = this.service.node.defaultChild as ecs.CfnService;
    if (shift) cfnService.node.addDependency(shift.policy);
    if (smokeTest) {
      this.service.addLifecycleHook(smokeTest.hook);
      cfnService.node.addDependency(smokeTest.hookPolicy);
    }
    this.connections = this.service.connections;
    // The tasks' security group allows all outbound traffic (ECS's default: the tasks pull images, write
    // logs, read secrets and call the team's dependencies), so the egress half of
    // `service.connections.allowTo*(db)` adds nothing and CDK warns that it ignored it, once per stage.
    // That form is the one that works across stacks (the ingress rule lives in the service's stack), so
    // the warning only gets in the way: acknowledged here, for this service's constructs only.
    Annotations.of(this).acknowledgeWarning('@aws-cdk/aws-ec2:ipv4IgnoreEgressRule',
      'The tasks may reach any destination: an egress rule to a database or cache is already covered.');
    this.grantPrincipal = this.taskDefinition.taskRole;

    this.scaling = this.service.autoScaleTaskCount({ minCapacity: size.minCapacity, maxCapacity: size.maxCapacity });
    // Scaling policies only when the range can move; with a deploy-time token capacity, assume it can.
    if (Token.isUnresolved(size.maxCapacity) || Token.isUnresolved(size.minCapacity) || size.maxCapacity > size.minCapacity) {
      const scaling = this.scaling;
      scaling.scaleOnCpuUtilization('CpuScaling', { targetUtilizationPercent: sd.scalingTargetUtilizationPercent });
      scaling.scaleOnMemoryUtilization('MemoryScaling', { targetUtilizationPercent: sd.scalingTargetUtilizationPercent });
      scaling.scaleOnRequestCount('RequestScaling', { requestsPerTarget: sd.scalingRequestsPerTarget, targetGroup: this.targetGroup });
      // Production traffic ends on either target group after a deployment: scale on the requests of both.
      if (this.alternateTargetGroup) {
        scaling.scaleOnRequestCount('AlternateRequestScaling', { requestsPerTarget: sd.scalingRequestsPerTarget, targetGroup: this.alternateTargetGroup });
      }
    }

    this.alarmTopic = alarmTopicFor(this, props.alarmTopic, d);
    const observability = createServiceObservability(this, metricsSource, this.service, traffic, this.alarmTopic, d, sd);
    this.dashboard = observability.dashboard;
    this.alarms = Object.values(observability.alarms);

    acknowledgeTaskRoles(this, task, { tracing, execute, executeAgainstProfile: execute && !d.ecsExec, environment: props.environment });
    new CfnOutput(this, 'Url', { value: this.url, description: `URL of ${this.node.path}` });
  }
}

function acknowledgeNoWaf(loadBalancer: elbv2.ApplicationLoadBalancer, publicLoadBalancer: boolean, profile: Profile): void {
  const why = publicLoadBalancer
    ? `the ${profile} profile does not turn WAF on (it is on in ${profilesWhere(PROFILE_DEFAULTS, (s) => s.waf)}) and the service did not ask for it (waf: true)`
    : 'it is internal, reachable only from inside the VPC, where WAF managed rules for internet threats add little';
  acknowledge(loadBalancer, [{
    rules: ['NIST.800.53.R5-ALBWAFEnabled', 'PCI.DSS.321-ALBWAFEnabled', 'HIPAA.Security-ALBWAFEnabled'],
    reason: `Load balancer of ${loadBalancer.node.scope?.node.path} has no WAF web ACL: ${why}.`,
  }], true);
}
