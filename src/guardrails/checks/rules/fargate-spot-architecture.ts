import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { logicalIdOf, namedRule, references, resolved, RuleCheck, StackResources } from './rule-helpers';

/** A capacity provider strategy item as the L1 holds it once resolved. */
interface StrategyItem {
  readonly capacityProvider?: unknown;
}

function usesSpot(strategy: unknown): boolean {
  return Array.isArray(strategy) && strategy.some((item: StrategyItem) => item?.capacityProvider === 'FARGATE_SPOT');
}

/**
 * The lowest Fargate platform version on which FARGATE_SPOT runs Linux tasks of each architecture
 * (ECS API Reference, CapacityProviderStrategyItem: "FARGATE_SPOT supports Linux tasks with the X86_64
 * architecture on platform version 1.3.0 or later. FARGATE_SPOT supports Linux tasks with the ARM64
 * architecture on platform version 1.4.0 or later.").
 * @internal
 */
export const SPOT_MINIMUM_PLATFORM_VERSION: Record<string, string> = { X86_64: '1.3.0', ARM64: '1.4.0' };

/** Negative, zero or positive as platform version `a` is below, at or above `b` (`1.4.0` style). */
function comparePlatformVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** The FARGATE_SPOT problems of one task definition run at `platformVersion`, as finding ids. */
function spotProblems(td: CfnResource, platformVersion: unknown): string[] {
  const platform = resolved(td, (td as any).runtimePlatform) ?? {};
  const os = platform.operatingSystemFamily;
  if (typeof os === 'string' && os.startsWith('WINDOWS')) return [`windows-task-definition::${td.node.path}`];
  // ECS's default architecture is X86_64; LATEST (or no version) is 1.4.0 on Linux; a token is not judged.
  const architecture = typeof platform.cpuArchitecture === 'string' ? platform.cpuArchitecture : 'X86_64';
  const minimum = SPOT_MINIMUM_PLATFORM_VERSION[architecture];
  if (!minimum || typeof platformVersion !== 'string' || !/^\d+\.\d+\.\d+$/.test(platformVersion)) return [];
  return comparePlatformVersions(platformVersion, minimum) < 0
    ? [`${architecture.toLowerCase()}-platform-version-${platformVersion}-below-${minimum}::${td.node.path}`]
    : [];
}

/**
 * PavedRoad-FargateSpotArchitecture: an ECS service on FARGATE_SPOT (its own capacity provider
 * strategy, or the default strategy of its cluster when it has none and no launch type) whose tasks
 * Fargate Spot cannot run: a Windows task definition (Fargate Spot runs Linux tasks only), an ARM64
 * task on a platform version below 1.4.0, or an X86_64 task below 1.3.0 (an unset version or LATEST
 * is 1.4.0). A task definition outside the stack (imported by ARN) cannot be read and is not judged.
 * @internal
 */
export function fargateSpotArchitecture(resources: StackResources): RuleCheck {
  return namedRule('FargateSpotArchitecture', (node) => {
    if (node.cfnResourceType !== 'AWS::ECS::Service') return NagRuleCompliance.NOT_APPLICABLE;
    const service = node as any;
    let strategy = resolved(node, service.capacityProviderStrategy);
    if ((strategy === undefined || (Array.isArray(strategy) && strategy.length === 0)) && resolved(node, service.launchType) === undefined) {
      const cluster = resolved(node, service.cluster);
      const associations = resources.ofType(node, 'AWS::ECS::ClusterCapacityProviderAssociations')
        .filter((a) => JSON.stringify(resolved(a, (a as any).cluster)) === JSON.stringify(cluster));
      strategy = associations.flatMap((a) => resolved(a, (a as any).defaultCapacityProviderStrategy) ?? []);
    }
    if (!usesSpot(strategy)) return NagRuleCompliance.NOT_APPLICABLE;
    const taskDefinition = resolved(node, service.taskDefinition);
    const platformVersion = resolved(node, service.platformVersion);
    const problems = resources.ofType(node, 'AWS::ECS::TaskDefinition')
      .filter((td) => references(taskDefinition, logicalIdOf(td)))
      .flatMap((td) => spotProblems(td, platformVersion));
    return problems.length === 0 ? NagRuleCompliance.COMPLIANT : problems;
  });
}
