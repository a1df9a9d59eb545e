import { Token } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { ADOT_COLLECTOR_IMAGE } from './defaults';
import { ManagedPolicyRole } from './managed-policy-role';
import { ResolvedCapacity } from './validation';
import { trustedService } from '../core/service-principals';

/** Name of the app container. @internal */
export const APP_CONTAINER = 'App';
const TMP_VOLUME = 'tmp';

/** @internal */
export interface TaskOptions {
  readonly size: ResolvedCapacity;
  readonly image: ecs.ContainerImage;
  readonly containerPort: number;
  readonly logGroup: logs.ILogGroup;
  readonly cpuArchitecture: ecs.CpuArchitecture;
  readonly readonlyRootFilesystem: boolean;
  readonly user?: string;
  readonly environment?: { [key: string]: string };
  readonly secrets?: { [key: string]: ecs.Secret };
  readonly tracing: boolean;
  /** ECS Exec is on: its SSM agent needs writable state and log directories. */
  readonly execute: boolean;
}

/**
 * Directories the ECS Exec SSM agent writes to. With a read-only root filesystem it crashes unless
 * they are writable volumes (aws/containers-roadmap#1359, aws-containers/amazon-ecs-exec-checker#21).
 */
const ECS_EXEC_WRITABLE_PATHS: Array<[string, string]> = [
  ['ssm-state', '/var/lib/amazon/ssm'],
  ['ssm-logs', '/var/log/amazon/ssm'],
];

/** @internal */
export interface TaskParts {
  readonly taskDefinition: ecs.FargateTaskDefinition;
  readonly container: ecs.ContainerDefinition;
  readonly taskRole: ManagedPolicyRole;
  readonly executionRole: ManagedPolicyRole;
}

/** The trace collector's hard memory limit; the app container gets the rest of the task's memory. */
const TRACE_COLLECTOR_MEMORY_MIB = 128;

/** The app container's hard memory limit, or none when the task's memory is a token and a sidecar needs a share. */
function appMemoryLimit(taskMemoryMiB: number, tracing: boolean): number | undefined {
  if (!tracing) return taskMemoryMiB;
  return Token.isUnresolved(taskMemoryMiB) ? undefined : taskMemoryMiB - TRACE_COLLECTOR_MEMORY_MIB;
}

/** The variable that points OpenTelemetry SDKs at the collector sidecar. */
const OTLP_ENDPOINT = 'OTEL_EXPORTER_OTLP_ENDPOINT';

/**
 * The task definition: roles whose grants go to customer-managed policies, the app container with
 * a read-only root filesystem, a writable `/tmp` volume, no privileged mode and logs to the log group.
 *
 * @internal
 */
export function createTaskDefinition(scope: Construct, o: TaskOptions): TaskParts {
  // ECS Developer Guide, "Amazon ECS task IAM role": the task role trusts this account's tasks only
  // (aws:SourceAccount, aws:SourceArn arn:...:ecs:<region>:<account>:*; no cluster-specific ARN).
  const taskRole = new ManagedPolicyRole(scope, 'TaskRole', {
    assumedBy: trustedService(scope, 'ecs-tasks.amazonaws.com', { service: 'ecs', resource: '*' }),
    description: `What the app of ${scope.node.path} may do`,
  });
  // No condition on the execution role: the "Amazon ECS task execution IAM role" page shows its trust
  // policy without confused-deputy keys, and a key ECS does not send would stop every task from starting.
  const executionRole = new ManagedPolicyRole(scope, 'ExecutionRole', {
    assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'),
    description: `Starts the tasks of ${scope.node.path}: pulls images, writes logs, reads secrets`,
  });
  const taskDefinition = new ecs.FargateTaskDefinition(scope, 'TaskDefinition', {
    cpu: o.size.cpu,
    memoryLimitMiB: o.size.memoryMiB,
    runtimePlatform: { cpuArchitecture: o.cpuArchitecture, operatingSystemFamily: ecs.OperatingSystemFamily.LINUX },
    taskRole,
    executionRole,
  });
  taskDefinition.addVolume({ name: TMP_VOLUME });
  const environment = { ...o.environment };
  if (o.tracing && !(OTLP_ENDPOINT in environment) && !Object.prototype.hasOwnProperty.call(o.secrets ?? {}, OTLP_ENDPOINT)) {
    environment[OTLP_ENDPOINT] = 'http://localhost:4317';
  }
  const container = taskDefinition.addContainer(APP_CONTAINER, {
    image: o.image,
    essential: true,
    // A hard memory limit per container (Control Tower CT.ECS.PR.7): the task's memory, less the
    // trace collector's share when it runs beside the app. A deploy-time memory (a token) allows no
    // arithmetic: the app then has no limit of its own, bounded by the task's memory (ECS rejects
    // containers whose limits add up to more than the task's).
    memoryLimitMiB: appMemoryLimit(o.size.memoryMiB, o.tracing),
    portMappings: [{ containerPort: o.containerPort, name: 'http' }],
    logging: ecs.LogDrivers.awsLogs({ logGroup: o.logGroup, streamPrefix: 'app' }),
    readonlyRootFilesystem: o.readonlyRootFilesystem,
    privileged: false,
    user: o.user,
    environment: Object.keys(environment).length > 0 ? environment : undefined,
    secrets: o.secrets,
  });
  container.addMountPoints({ containerPath: '/tmp', sourceVolume: TMP_VOLUME, readOnly: false });
  if (o.execute && o.readonlyRootFilesystem) {
    for (const [name, containerPath] of ECS_EXEC_WRITABLE_PATHS) {
      taskDefinition.addVolume({ name });
      container.addMountPoints({ containerPath, sourceVolume: name, readOnly: false });
    }
  }
  return { taskDefinition, container, taskRole, executionRole };
}

/**
 * The AWS Distro for OpenTelemetry collector as a non-essential sidecar that forwards traces to X-Ray.
 * @internal
 */
export function addTracingSidecar(taskDefinition: ecs.FargateTaskDefinition, logGroup: logs.ILogGroup): void {
  taskDefinition.addContainer('TraceCollector', {
    image: ecs.ContainerImage.fromRegistry(ADOT_COLLECTOR_IMAGE),
    essential: false,
    // The image's built-in config: OTLP (gRPC 4317, HTTP 4318) in, AWS X-Ray out.
    command: ['--config=/etc/ecs/ecs-xray.yaml'],
    logging: ecs.LogDrivers.awsLogs({ logGroup, streamPrefix: 'trace-collector' }),
    readonlyRootFilesystem: true,
    privileged: false,
    memoryReservationMiB: 64,
    memoryLimitMiB: TRACE_COLLECTOR_MEMORY_MIB,
  });
  taskDefinition.addToTaskRolePolicy(new iam.PolicyStatement({
    actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords', 'xray:GetSamplingRules', 'xray:GetSamplingTargets', 'xray:GetSamplingStatisticSummaries'],
    resources: ['*'],
  }));
}
