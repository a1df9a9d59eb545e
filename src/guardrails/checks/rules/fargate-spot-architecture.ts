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
 * PavedRoad-FargateSpotArchitecture: an ECS service on FARGATE_SPOT (its own capacity provider
 * strategy, or the default strategy of its cluster when it has none and no launch type) runs a task
 * definition built for X86_64: Fargate Spot has no ARM64 capacity, so ARM64 tasks never start.
 * A task definition outside the stack (imported by ARN) cannot be read and is not judged.
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
    const arm = resources.ofType(node, 'AWS::ECS::TaskDefinition')
      .filter((td) => references(taskDefinition, logicalIdOf(td)))
      .filter((td) => resolved(td, (td as any).runtimePlatform)?.cpuArchitecture === 'ARM64');
    return arm.length === 0 ? NagRuleCompliance.COMPLIANT : arm.map((td) => `arm64-task-definition::${td.node.path}`);
  });
}
