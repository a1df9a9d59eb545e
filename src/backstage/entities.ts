import { createHash } from 'crypto';
import { CfnElement, Stack, Stage, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { IConstruct } from 'constructs';
import { toEntityName } from './entity-ref';
import { YamlValue } from './yaml';
import { PavedRoadCache } from '../cache/cache';
import { PavedRoadConstruct } from '../core/paved-road-construct';
import { PavedRoadDatabase } from '../database/database';
import { PavedRoadPipeline } from '../pipeline/pipeline';
import { PreviewEnvironment } from '../preview/preview-environment';
import { PavedRoadService } from '../service/service';

/** The annotation keys the entities carry. @internal */
export const ANNOTATION = {
  STACK: 'paved-road-constructs/cloudformation-stack',
  REGION: 'paved-road-constructs/region',
  ACCOUNT: 'paved-road-constructs/account',
  RESOURCE: 'paved-road-constructs/resource',
  LOG_GROUP: 'paved-road-constructs/log-group',
  DASHBOARD: 'paved-road-constructs/dashboard',
  PIPELINE: 'paved-road-constructs/pipeline',
  PROFILE: 'paved-road-constructs/profile',
  VERSION: 'paved-road-constructs/version',
  CONSTRUCT: 'paved-road-constructs/construct',
  PATH: 'paved-road-constructs/construct-path',
  BRANCH: 'paved-road-constructs/branch',
  EXPIRES_AT: 'paved-road-constructs/expires-at',
};

/** One paved-road construct found in the tree, as an entity. @internal */
export interface FoundEntity {
  readonly construct: PavedRoadConstruct;
  readonly kind: 'Component' | 'Resource';
  readonly type: string;
  readonly name: string;
  /** The stack the construct is in; none for a preview environment (it is the parent of stacks). */
  readonly stack?: Stack;
  /** The stage whose cloud assembly gets the entity's file. */
  readonly stage: Stage;
  /** The folder of the entity's file below `backstage/`: the stack's artifact id, else the entity name. */
  readonly fileKey: string;
}

/** Settings of the catalog that shape entities. @internal */
export interface EntitySettings {
  readonly namespace?: string;
  readonly system?: string;
  readonly lifecycles: { [profile: string]: string };
  readonly names: Map<IConstruct, string>;
  readonly dependencies: Array<[IConstruct, IConstruct]>;
  readonly annotations: { [key: string]: string };
}

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

function kindAndType(c: IConstruct): { kind: 'Component' | 'Resource'; type: string; stackOf: IConstruct } | undefined {
  if (c instanceof PavedRoadService) return { kind: 'Component', type: 'service', stackOf: c };
  if (c instanceof PavedRoadDatabase) return { kind: 'Resource', type: 'database', stackOf: c };
  if (c instanceof PavedRoadCache) return { kind: 'Resource', type: 'cache', stackOf: c };
  if (c instanceof PavedRoadPipeline) return { kind: 'Resource', type: 'pipeline', stackOf: c };
  if (c instanceof PreviewEnvironment) return { kind: 'Resource', type: 'preview-environment', stackOf: c };
  return undefined;
}

/**
 * Every paved-road service, database, cache, pipeline and preview environment below `scope`
 * (across stages), with its entity name: `<stack name>-<path below the stack>` unless set.
 * A preview environment is in no stack (its stacks are below it): its entity gets a file of its own.
 * @internal
 */
export function findEntities(scope: IConstruct, s: EntitySettings): FoundEntity[] {
  const found: FoundEntity[] = [];
  for (const c of scope.node.findAll()) {
    const kt = kindAndType(c);
    if (!kt || !(c instanceof PavedRoadConstruct)) continue;
    const stack = enclosingStack(c);
    const stage = Stage.of(c);
    if (!stage) continue;
    const raw = stack ? `${stack.stackName}-${c.node.path.slice(stack.node.path.length + 1)}` : c.node.path;
    const name = s.names.get(c) ?? toEntityName(raw, sha);
    found.push({ construct: c, kind: kt.kind, type: kt.type, name, stack, stage, fileKey: stack ? stack.artifactId : name });
  }
  return found;
}

function enclosingStack(c: IConstruct): Stack | undefined {
  for (let x = c.node.scope; x; x = x.node.scope) {
    if (Stack.isStack(x)) return x;
    if (Stage.isStage(x)) return undefined;
  }
  return undefined;
}

function ref(e: FoundEntity, namespace?: string): string {
  return `${e.kind.toLowerCase()}:${namespace && namespace !== 'default' ? `${namespace}/` : ''}${e.name}`;
}

/** `<stack name>/<logical id>`, or the physical name when it is known at synth time. */
function pointer(element: IConstruct | undefined, physicalName?: string): string | undefined {
  if (physicalName !== undefined && !Token.isUnresolved(physicalName)) return physicalName;
  const cfn = element?.node.defaultChild ?? element;
  if (!(cfn instanceof CfnElement)) return undefined;
  const stack = Stack.of(cfn);
  return `${stack.stackName}/${stack.resolve(cfn.logicalId)}`;
}

function securityGroupIds(c: ec2.IConnectable): string[] {
  return c.connections.securityGroups.map((g) => g.securityGroupId);
}

/**
 * Dependencies inferred from the network: a service depends on a database or cache whose
 * security group lets the service's security group in (an `AWS::EC2::SecurityGroupIngress` with
 * the service's group as source, as `service.connections.allowToDefaultPort(store)` creates, in the
 * service's stack or the store's).
 */
function inferredDependencies(scope: IConstruct, entities: FoundEntity[]): Array<[IConstruct, IConstruct]> {
  const ingress = scope.node.findAll().filter((c): c is ec2.CfnSecurityGroupIngress => c instanceof ec2.CfnSecurityGroupIngress);
  const pairs: Array<[IConstruct, IConstruct]> = [];
  const services = entities.filter((e) => e.construct instanceof PavedRoadService);
  const stores = entities.filter((e) => e.construct instanceof PavedRoadDatabase || e.construct instanceof PavedRoadCache);
  for (const svc of services) {
    const from = securityGroupIds(svc.construct as PavedRoadService);
    for (const store of stores) {
      const to = securityGroupIds(store.construct as unknown as ec2.IConnectable);
      const letsIn = (r: ec2.CfnSecurityGroupIngress) => r.groupId !== undefined && to.includes(r.groupId)
        && r.sourceSecurityGroupId !== undefined && from.includes(r.sourceSecurityGroupId);
      if (ingress.some(letsIn)) {
        pairs.push([svc.construct, store.construct]);
      }
    }
  }
  return pairs;
}

/**
 * The entity documents of `inFile` (entities of one stack, or one stack-less entity).
 * @internal
 */
export function entityDocuments(scope: IConstruct, entities: FoundEntity[], inFile: FoundEntity[], s: EntitySettings): YamlValue[] {
  const byConstruct = new Map<IConstruct, FoundEntity>(entities.map((e) => [e.construct, e]));
  const deps = [...inferredDependencies(scope, entities), ...s.dependencies];
  const pipelines = entities.filter((e) => e.construct instanceof PavedRoadPipeline);
  const previews = entities.filter((e) => e.construct instanceof PreviewEnvironment);

  return inFile.map((e) => {
    const c = e.construct;
    const stack = e.stack;
    const annotations: { [key: string]: string | undefined } = {
      [ANNOTATION.STACK]: stack?.stackName,
      [ANNOTATION.REGION]: !stack || Token.isUnresolved(stack.region) ? undefined : stack.region,
      [ANNOTATION.ACCOUNT]: !stack || Token.isUnresolved(stack.account) ? undefined : stack.account,
      [ANNOTATION.PROFILE]: c.profile,
      [ANNOTATION.VERSION]: PavedRoadConstruct.LIBRARY_VERSION,
      [ANNOTATION.PATH]: c.node.path,
      ...s.annotations,
    };
    if (c instanceof PavedRoadService) {
      annotations[ANNOTATION.RESOURCE] = pointer(c.service);
      annotations[ANNOTATION.LOG_GROUP] = pointer(c.logGroup, c.logGroup.logGroupName);
      annotations[ANNOTATION.DASHBOARD] = pointer(c.dashboard, c.dashboard.dashboardName);
    } else if (c instanceof PavedRoadDatabase) {
      annotations[ANNOTATION.RESOURCE] = pointer(c.cluster ?? c.instance);
      const groups = Object.values(c.logGroups);
      annotations[ANNOTATION.LOG_GROUP] = groups.length > 0 ? pointer(groups[0], groups[0].logGroupName) : undefined;
    } else if (c instanceof PavedRoadCache) {
      annotations[ANNOTATION.RESOURCE] = pointer(c.replicationGroup);
      annotations[ANNOTATION.LOG_GROUP] = pointer(c.engineLogGroup, c.engineLogGroup.logGroupName);
    } else if (c instanceof PavedRoadPipeline) {
      annotations[ANNOTATION.RESOURCE] = pointer(c.pipeline, c.pipeline.pipelineName);
      annotations[ANNOTATION.LOG_GROUP] = pointer(c.buildLogGroup, c.buildLogGroup.logGroupName);
    } else if (c instanceof PreviewEnvironment) {
      annotations[ANNOTATION.BRANCH] = c.branch;
      annotations[ANNOTATION.EXPIRES_AT] = c.expiresAt;
    }
    // The pipeline that deploys the stage this construct is in.
    const stage = Stage.of(c);
    const deployedBy = pipelines.find((p) => stage !== undefined && (p.construct as PavedRoadPipeline).stages.includes(stage));
    if (deployedBy && !(c instanceof PavedRoadPipeline)) {
      const p = deployedBy.construct as PavedRoadPipeline;
      annotations[ANNOTATION.PIPELINE] = pointer(p.pipeline, p.pipeline.pipelineName);
    }
    const dependsOn = new Set<string>();
    for (const [from, to] of deps) {
      const target = byConstruct.get(to);
      if (from === c && target) dependsOn.add(ref(target, s.namespace));
    }
    const preview = previews.find((p) => stage === (p.construct as PreviewEnvironment).stage);
    if (preview && preview !== e) dependsOn.add(ref(preview, s.namespace));

    const spec: { [key: string]: YamlValue | undefined } = { type: e.type, owner: c.owner };
    if (e.kind === 'Component') spec.lifecycle = s.lifecycles[c.profile];
    spec.system = s.system;
    if (dependsOn.size > 0) spec.dependsOn = [...dependsOn].sort();
    const tags = ['paved-road', c.profile];
    return {
      apiVersion: 'backstage.io/v1alpha1',
      kind: e.kind,
      metadata: {
        name: e.name,
        namespace: s.namespace,
        description: `${kindAndType(c)!.type} ${c.node.path} (${c.profile}), built with paved-road-constructs`,
        annotations: Object.fromEntries(Object.entries(annotations).filter(([, v]) => v !== undefined)) as { [key: string]: string },
        tags,
      },
      spec,
    };
  });
}
