import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { ResolvedDeployment } from './deployment-validation';
import { acknowledge } from '../core/acknowledge';
import { AwsSolutionsRule } from '../core/rule-ids';

/*
 * What an ALB-based BLUE_GREEN, LINEAR or CANARY deployment needs (ECS developer guide, "Application
 * Load Balancer resources for blue/green, linear, and canary deployments" and "Amazon ECS
 * infrastructure IAM role for load balancers"): a second target group, a production listener rule that
 * forwards to both with weights ECS moves, an optional test listener rule, and a role ECS assumes to
 * move them.
 *
 * ECS owns the rules' weights after the first deployment (and which target group serves production):
 * CloudFormation must never update these rules again, or it would reset the weights to the template's
 * and send production traffic to a target group that may have no tasks. Their properties are
 * therefore fixed here; test/service-deployment.test.ts pins them.
 */

/** The header (and the rule priority) of test traffic: requests carrying it reach the new revision during a deployment. @internal */
export const TEST_TRAFFIC_HEADER = 'x-paved-road-test-traffic';
/**
 * Lowest precedence ALB allows (priorities run 1 to 50000): every rule a team adds to `listener`
 * comes first, and the production rule (`/*`) only takes what no team rule matched.
 */
const PRODUCTION_RULE_PRIORITY = 50000;
const TEST_RULE_PRIORITY = 49999;

/** @internal */
export interface TrafficShiftOptions {
  readonly listener: elbv2.ApplicationListener;
  readonly targetGroup: elbv2.ApplicationTargetGroup;
  readonly alternateTargetGroup: elbv2.ApplicationTargetGroup;
  readonly deployment: ResolvedDeployment;
  /** The value of the test header (not a secret: see the threat model in smoke-test.ts). */
  readonly testHeaderValue: string;
}

/** @internal */
export interface TrafficShiftParts {
  readonly productionRule: elbv2.ApplicationListenerRule;
  /** Only with the smoke test. */
  readonly testRule?: elbv2.ApplicationListenerRule;
  /** The role ECS assumes to register tasks and move the rules' weights. */
  readonly role: iam.Role;
  readonly policy: iam.ManagedPolicy;
  readonly alternateTarget: ecs.AlternateTarget;
}

/** Both target groups in one forward action, production first, with all traffic on it. */
function bothTargetGroups(o: TrafficShiftOptions): elbv2.ListenerAction {
  return elbv2.ListenerAction.weightedForward([
    { targetGroup: o.targetGroup, weight: 100 },
    { targetGroup: o.alternateTargetGroup, weight: 0 },
  ]);
}

/**
 * The production and test listener rules and ECS's load-balancer role (the ECS infrastructure role
 * for load balancers), its policy limited to this service's listener, rules and two target groups.
 * @internal
 */
export function createTrafficShift(scope: Construct, o: TrafficShiftOptions): TrafficShiftParts {
  const productionRule = new elbv2.ApplicationListenerRule(scope, 'ProductionTrafficRule', {
    listener: o.listener,
    priority: PRODUCTION_RULE_PRIORITY,
    conditions: [elbv2.ListenerCondition.pathPatterns(['/*'])],
    action: bothTargetGroups(o),
  });
  const testRule = o.deployment.smokeTest ? new elbv2.ApplicationListenerRule(scope, 'TestTrafficRule', {
    listener: o.listener,
    priority: TEST_RULE_PRIORITY,
    conditions: [elbv2.ListenerCondition.httpHeader(TEST_TRAFFIC_HEADER, [o.testHeaderValue])],
    action: bothTargetGroups(o),
  }) : undefined;

  // Trust: the ECS page shows ecs.amazonaws.com without conditions; a confused-deputy key ECS does
  // not send would make every deployment fail. What bounds the role is its policy.
  const role = new iam.Role(scope, 'TrafficShiftRole', {
    assumedBy: new iam.ServicePrincipal('ecs.amazonaws.com'),
    description: `ECS moves traffic between the target groups of ${scope.node.path} during deployments`,
  });
  const rules = [productionRule, ...(testRule ? [testRule] : [])];
  const policy = new iam.ManagedPolicy(scope, 'TrafficShiftPolicy', {
    description: `What ECS may do to the load balancer of ${scope.node.path} during a deployment`,
    roles: [role],
    statements: [
      new iam.PolicyStatement({
        sid: 'ReadLoadBalancerState',
        actions: ['elasticloadbalancing:DescribeListeners', 'elasticloadbalancing:DescribeRules',
          'elasticloadbalancing:DescribeTargetGroups', 'elasticloadbalancing:DescribeTargetHealth'],
        resources: ['*'],
      }),
      new iam.PolicyStatement({
        sid: 'RegisterTasksInTheServiceTargetGroups',
        actions: ['elasticloadbalancing:RegisterTargets', 'elasticloadbalancing:DeregisterTargets'],
        resources: [o.targetGroup.targetGroupArn, o.alternateTargetGroup.targetGroupArn],
      }),
      new iam.PolicyStatement({
        sid: 'MoveTrafficOnTheServiceRules',
        actions: ['elasticloadbalancing:ModifyRule'],
        resources: rules.map((r) => r.listenerRuleArn),
      }),
      new iam.PolicyStatement({
        sid: 'ModifyTheServiceListener',
        actions: ['elasticloadbalancing:ModifyListener'],
        resources: [o.listener.listenerArn],
      }),
    ],
  });
  acknowledge(policy, [{
    rules: [AwsSolutionsRule.IAM5],
    reason: `Load-balancer role of the deployments of ${scope.node.path}: the four elasticloadbalancing Describe actions ECS reads the listener, rules and target health with have no resource-level permissions (Resource "*"); every action that changes something names this service's listener, rules and two target groups.`,
    appliesTo: ['Resource::*'],
  }]);

  const alternateTarget = new ecs.AlternateTarget('AlternateTarget', {
    alternateTargetGroup: o.alternateTargetGroup,
    productionListener: ecs.ListenerRuleConfiguration.applicationListenerRule(productionRule),
    testListener: testRule ? ecs.ListenerRuleConfiguration.applicationListenerRule(testRule) : undefined,
    role,
  });
  return { productionRule, testRule, role, policy, alternateTarget };
}

/** The strategy settings of the ECS service (none for ROLLING: its template stays as it was). @internal */
export function strategyProps(d: ResolvedDeployment): Partial<ecs.FargateServiceProps> {
  if (!d.shiftsTraffic) return {};
  const step = { stepBakeTime: d.stepBakeTime };
  return {
    deploymentStrategy: d.strategy,
    bakeTime: d.bakeTime,
    ...(d.strategy === ecs.DeploymentStrategy.CANARY ? { canaryConfiguration: { ...step, stepPercent: d.canaryPercent } } : {}),
    ...(d.strategy === ecs.DeploymentStrategy.LINEAR ? { linearConfiguration: { ...step, stepPercent: d.linearStepPercent } } : {}),
  };
}
