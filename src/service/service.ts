import { CfnOutput, Duration, Token } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { SERVICE_DEFAULTS } from './defaults';
import { createLoadBalancer } from './load-balancer';
import { createServiceObservability, createTrafficAlarms, ServiceMetricsSource } from './observability';
import { PavedRoadServiceProps } from './service-props';
import { attachToSharedLoadBalancer, sharedLoadBalancerOf } from './shared-load-balancer';
import { acknowledgeTaskRoles, addTracingSidecar, APP_CONTAINER, createTaskDefinition } from './task';
import { validateServiceProps } from './validate';
import { createWebAcl } from './waf';
import { acknowledge } from '../core/acknowledge';
import { alarmTopicFor } from '../core/alarm-topic';
import { createRotatedKey } from '../core/keys';
import { PavedRoadConstruct } from '../core/paved-road-construct';
import { Profile } from '../core/profile';
import { profilesWhere } from '../core/profile-facts';
import { PROFILE_DEFAULTS } from '../core/profile-table';
import { logsServicePrincipal } from '../core/service-principals';

/**
 * The golden path for a containerized HTTP service: ECS Fargate behind an Application Load Balancer.
 *
 * With only `network` and `image` (owner from context) it runs in every profile but prod, which needs
 * a `certificate` or `domainName` + `hostedZone`. Deployments roll back on a failed circuit breaker or
 * on the 5xx and unhealthy-host alarms; the container runs with a read-only root filesystem; the load
 * balancer logs to an encrypted bucket; a dashboard and alarms come with it.
 *
 * It is an `ec2.IConnectable` and an `iam.IGrantable`: `database.connections.allowDefaultPortFrom(service)`
 * and `bucket.grantRead(service)` work.
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
  /** The target group of the tasks. */
  public readonly targetGroup: elbv2.ApplicationTargetGroup;
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
  /** Security group connections of the tasks. */
  public readonly connections: ec2.Connections;
  /** The task role: what the app may do. */
  public readonly grantPrincipal: iam.IPrincipal;

  constructor(scope: Construct, id: string, props: PavedRoadServiceProps) {
    super(scope, id, props, 'PavedRoadService');
    const d = this.profileDefaults;
    const sd = SERVICE_DEFAULTS[this.profile];
    const size = validateServiceProps(this.node.path, this.profile, props, d);
    const network = props.network;
    const containerPort = props.containerPort ?? 8080;
    const publicLoadBalancer = props.publicLoadBalancer ?? true;
    const tracing = props.tracing ?? d.tracing;
    const execute = props.enableExecuteCommand ?? d.ecsExec;
    const cpuArchitecture = props.cpuArchitecture ?? ecs.CpuArchitecture.ARM64;
    // Fargate Spot has X86_64 capacity only: an ARM64 task on FARGATE_SPOT would never start.
    const spot = props.spot ?? (d.fargateSpot && cpuArchitecture === ecs.CpuArchitecture.X86_64);

    // Logs of the app (and its sidecar), encrypted with a key of their own.
    const logKey = createRotatedKey(this, 'LogKey', `Encrypts the logs of ${this.node.path}`, d.statefulRemovalPolicy, [logsServicePrincipal(this)]);
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
    this.targetGroup = new elbv2.ApplicationTargetGroup(this, 'TargetGroup', {
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
    });
    let metricsSource: ServiceMetricsSource;
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
      metricsSource = {
        loadBalancer: lb.loadBalancer,
        loadBalancerFullName: lb.loadBalancer.loadBalancerFullName,
        targetGroup: this.targetGroup,
        clusterName: network.cluster.clusterName,
      };
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
    });
    this.targetGroup.addTarget(this.service.loadBalancerTarget({ containerName: APP_CONTAINER, containerPort }));
    this.connections = this.service.connections;
    this.grantPrincipal = this.taskDefinition.taskRole;

    this.scaling = this.service.autoScaleTaskCount({ minCapacity: size.minCapacity, maxCapacity: size.maxCapacity });
    // Scaling policies only when the range can move; with a deploy-time token capacity, assume it can.
    if (Token.isUnresolved(size.maxCapacity) || Token.isUnresolved(size.minCapacity) || size.maxCapacity > size.minCapacity) {
      const scaling = this.scaling;
      scaling.scaleOnCpuUtilization('CpuScaling', { targetUtilizationPercent: sd.scalingTargetUtilizationPercent });
      scaling.scaleOnMemoryUtilization('MemoryScaling', { targetUtilizationPercent: sd.scalingTargetUtilizationPercent });
      scaling.scaleOnRequestCount('RequestScaling', { requestsPerTarget: sd.scalingRequestsPerTarget, targetGroup: this.targetGroup });
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
