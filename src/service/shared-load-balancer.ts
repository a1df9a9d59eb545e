import { createHash } from 'crypto';
import { Fn, Stack } from 'aws-cdk-lib';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { Construct, IConstruct } from 'constructs';
import type { PavedRoadServiceProps } from './service-props';
import { Profile } from '../core/profile';
import { PreviewLoadBalancerAttributes } from '../network/network-props';

/** ALB listener rule priorities run from 1 to 50,000 (Elastic Load Balancing API reference, CreateRule). @internal */
export const MAX_RULE_PRIORITY = 50000;
/** A path-pattern condition value holds at most 128 characters (ALB user guide, "Path conditions"). */
const MAX_PATH_PATTERN = 128;
/** Hex digits of the SHA-256 that end a shortened path. */
const PATH_HASH_LENGTH = 16;

/**
 * The load balancer a service shares, or undefined when it gets its own: a service in the PREVIEW
 * profile shares its network's preview load balancer unless it asks for something only a load
 * balancer of its own gives (internal, a certificate or domain name, WAF).
 *
 * @internal
 */
export function sharedLoadBalancerOf(profile: Profile, props: PavedRoadServiceProps): PreviewLoadBalancerAttributes | undefined {
  if (profile !== Profile.PREVIEW) return undefined;
  const shared = props.network?.previewLoadBalancer;
  if (shared === undefined) return undefined;
  const ownWanted = props.publicLoadBalancer === false || props.certificate !== undefined || props.domainName !== undefined
    || props.hostedZone !== undefined || props.waf === true;
  return ownWanted ? undefined : shared;
}

/**
 * The path a service is served under on a shared load balancer: `/<stack name>/<its path in the
 * stack>`, lower case, characters other than a-z, 0-9 and `-` turned into `-`. Stack names are unique
 * in an account and region and construct paths within a stack, so two services never share one. A
 * path longer than a path pattern allows is cut and ends in a hash of the whole.
 *
 * @internal
 */
export function sharedPathPrefix(scope: Construct): string {
  const stack = Stack.of(scope);
  const below = scope.node.scopes.slice(scope.node.scopes.indexOf(stack) + 1).map((c) => c.node.id);
  const segment = (s: string) => s.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '') || 'x';
  const prefix = `/${[stack.stackName, ...below].map(segment).join('/')}`;
  // the rule matches `<prefix>/*` too
  if (prefix.length + 2 <= MAX_PATH_PATTERN) return prefix;
  const hash = createHash('sha256').update(prefix).digest('hex').slice(0, PATH_HASH_LENGTH);
  return `${prefix.slice(0, MAX_PATH_PATTERN - 2 - PATH_HASH_LENGTH - 1).replace(/[-/]+$/, '')}-${hash}`;
}

/**
 * The listener rule priority of a path: 1 + the first 32 bits of its SHA-256 modulo 50,000. The same
 * path always gets the same priority, so a redeployed preview keeps its rule. Rules of different
 * previews match disjoint paths, so their order does not matter; only equal priorities collide.
 *
 * @internal
 */
export function rulePriorityOf(pathPrefix: string): number {
  return (createHash('sha256').update(pathPrefix).digest().readUInt32BE(0) % MAX_RULE_PRIORITY) + 1;
}

/** The parts of a service's attachment to a shared load balancer. @internal */
export interface SharedLoadBalancerParts {
  readonly rule: elbv2.ApplicationListenerRule;
  readonly pathPrefix: string;
  readonly priority: number;
  readonly url: string;
  /** `app/<name>/<id>`, the `LoadBalancer` dimension of its metrics. */
  readonly loadBalancerFullName: string;
}

interface Registration {
  readonly listener: string;
  readonly priority: number;
  readonly path: string;
}

/** Every attachment in an app, by the app's root, for the collision check. */
const registry = new WeakMap<IConstruct, Registration[]>();

/**
 * Adds a path-based rule for `targetGroup` to the shared listener, in `scope`'s stack (a preview's):
 * requests to `<prefix>` and `<prefix>/*` go to the tasks with the prefix taken off the URL (a
 * `url-rewrite` transform), so the app sees the paths it serves on a load balancer of its own. A rule
 * of the same app with the same priority on the same listener is a synth error that names both.
 *
 * @internal
 */
export function attachToSharedLoadBalancer(scope: Construct, shared: PreviewLoadBalancerAttributes, targetGroup: elbv2.ApplicationTargetGroup,
  priority?: number): SharedLoadBalancerParts {
  const pathPrefix = sharedPathPrefix(scope);
  const rulePriority = priority ?? rulePriorityOf(pathPrefix);
  const rule = new elbv2.ApplicationListenerRule(scope, 'SharedListenerRule', {
    listener: shared.listener,
    priority: rulePriority,
    conditions: [elbv2.ListenerCondition.pathPatterns([pathPrefix, `${pathPrefix}/*`])],
    targetGroups: [targetGroup],
  });
  (rule.node.defaultChild as elbv2.CfnListenerRule).transforms = [{
    type: 'url-rewrite',
    urlRewriteConfig: { rewrites: [{ regex: `^${pathPrefix}/?(.*)$`, replace: '/$1' }] },
  }];

  const listener = JSON.stringify(Stack.of(shared.listener).resolve(shared.listener.listenerArn));
  const root = scope.node.root;
  const entries = registry.get(root) ?? [];
  registry.set(root, entries);
  const own: Registration = { listener, priority: rulePriority, path: scope.node.path };
  entries.push(own);
  scope.node.addValidation({
    validate: () => entries.filter((e) => e !== own && e.listener === listener && e.priority === rulePriority).map((e) =>
      `PavedRoadService '${scope.node.path}': its rule on the shared preview load balancer has priority ${rulePriority}, as the rule of '${e.path}' does; `
      + 'a listener takes each priority once: set listenerRulePriority on one of them.'),
  });

  return {
    rule,
    pathPrefix,
    priority: rulePriority,
    url: `${shared.url}${pathPrefix}/`,
    loadBalancerFullName: Fn.select(1, Fn.split(':loadbalancer/', shared.loadBalancer.loadBalancerArn)),
  };
}
