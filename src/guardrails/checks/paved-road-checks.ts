import { CfnResource } from 'aws-cdk-lib';
import { NagMessageLevel, NagPack, NagPackProps } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { now } from '../../core/clock';
import { PavedRoadRuleName } from '../../core/rule-ids';
import { Traversals } from '../traversals';
import { dataNotPublic } from './rules/data-not-public';
import { fargateSpotArchitecture } from './rules/fargate-spot-architecture';
import { lambdaFailureHandling } from './rules/lambda-failure-handling';
import { logRetention } from './rules/log-retention';
import { openIngress } from './rules/open-ingress';
import { ownerTag } from './rules/owner-tag';
import { previewExpiry } from './rules/preview-expiry';
import { prodHttps } from './rules/prod-https';
import { RuleCheck, StackResources } from './rules/rule-helpers';
import { statefulRetained } from './rules/stateful-retained';

/**
 * Props of the platform's own cdk-nag pack.
 */
export interface PavedRoadChecksProps extends NagPackProps {
  /**
   * Whether every taggable resource must also carry `paved-road:cost-center`.
   *
   * @default false
   */
  readonly requireCostCenter?: boolean;

  /**
   * The longest a preview stack may live: `paved-road:expires-at` further away is a finding.
   *
   * @default 336 (14 days)
   */
  readonly previewMaxTtlHours?: number;
}

interface RuleSpec {
  /** The rule's name: its id is `PavedRoad-<name>` (`PavedRoadRule`). */
  readonly id: PavedRoadRuleName;
  readonly info: string;
  readonly explanation: string;
  readonly check: RuleCheck;
}

/**
 * The platform's own cdk-nag rules, applied by `PavedRoadGuardrails` in every profile. Each rule
 * is documented in the README with its id, why it exists and how to fix it.
 *
 * @example
 * Aspects.of(app).add(new PavedRoadChecks({ requireCostCenter: true }));
 */
export class PavedRoadChecks extends NagPack {
  private readonly rules: RuleSpec[];
  /** The stacks' resources by type, shared by the rules that look across a stack; read anew each synthesis. */
  private readonly resources = new StackResources();
  private readonly traversals = new Traversals();
  private traversal = 0;

  constructor(props: PavedRoadChecksProps = {}) {
    super(props);
    this.packName = 'PavedRoad';
    const maxTtl = props.previewMaxTtlHours ?? 336;
    if (!(Number.isFinite(maxTtl) && maxTtl >= 1 && maxTtl <= 336)) {
      throw new Error(`PavedRoadChecks: previewMaxTtlHours: ${JSON.stringify(props.previewMaxTtlHours)} is not allowed; allowed: a number of hours from 1 to 336 (14 days).`);
    }
    this.rules = [
      {
        id: 'OwnerTag',
        info: `The resource does not carry the paved-road:owner tag${props.requireCostCenter ? ' and the paved-road:cost-center tag' : ''}.`,
        explanation: 'Untagged resources cannot be charged back or routed to an on-call team. Paved-road constructs tag what they create; tag other resources with Tags.of(scope).add(\'paved-road:owner\', ...), or set the context value paved-road:owner before enforcing the guardrails.',
        check: ownerTag(props.requireCostCenter ?? false),
      },
      {
        id: 'LogRetention',
        info: 'The CloudWatch log group has no retention period.',
        explanation: 'Log groups without retention keep (and bill) every event forever. Set retention (logs.LogGroup retention, or the construct\'s log retention prop).',
        check: logRetention,
      },
      {
        id: 'StatefulRetained',
        info: 'A stateful resource in a prod or staging stack is deleted with its stack or on replacement.',
        explanation: 'Databases, caches, buckets, keys, log groups, secrets, tables and file systems in prod and staging must survive a stack deletion or a replacing update. Use RemovalPolicy.RETAIN or SNAPSHOT.',
        check: statefulRetained,
      },
      {
        id: 'PreviewExpiry',
        info: `The preview stack has no valid paved-road:expires-at tag (an ISO-8601 date and time with Z or an offset, in the future, at most ${maxTtl} hours away).`,
        explanation: 'The preview reaper deletes previews by this tag; a preview without a valid expiry lives (and bills) forever. Build previews with PreviewEnvironment, which sets it from its ttl.',
        check: previewExpiry(maxTtl, now),
      },
      {
        id: 'OpenIngress',
        info: 'The security group admits 0.0.0.0/0 or ::/0 on something other than TCP 80/443 to a load balancer.',
        explanation: 'Only load balancers face the internet, and only on HTTP and HTTPS. Open other ports to a security group or a known CIDR instead.',
        check: openIngress(this.resources),
      },
      {
        id: 'DataNotPublic',
        info: 'A database or cache is publicly accessible or placed in a public subnet.',
        explanation: 'Data stores live in isolated subnets and are reached through security groups. Use the network\'s dataSubnets and never PubliclyAccessible.',
        check: dataNotPublic(this.resources),
      },
      {
        id: 'ProdHttps',
        info: 'A prod load balancer listener serves plain HTTP instead of HTTPS (or a redirect to it).',
        explanation: 'Production traffic is encrypted in transit. Give the service a certificate; HTTP listeners may only redirect to HTTPS.',
        check: prodHttps,
      },
      {
        id: 'LambdaFailureHandling',
        info: 'The Lambda function has no dead-letter queue or on-failure destination, or neither reserved concurrency nor an alarm.',
        explanation: 'Failed asynchronous events must land somewhere a team sees them, and a runaway function must be bounded or watched. Add a DLQ or onFailure destination, and reservedConcurrentExecutions or an alarm on its errors.',
        check: lambdaFailureHandling(this.resources),
      },
      {
        id: 'FargateSpotArchitecture',
        info: 'The ECS service runs on FARGATE_SPOT capacity a task definition Fargate Spot cannot run: a Windows task, or a platform version below 1.4.0 (ARM64) or 1.3.0 (X86_64).',
        explanation: 'Fargate Spot runs Linux tasks only, X86_64 on platform version 1.3.0 or later and ARM64 on 1.4.0 or later (ECS API Reference, CapacityProviderStrategyItem): the service\'s tasks would never start. Run Windows tasks on FARGATE; for Linux tasks leave platformVersion unset or LATEST (1.4.0), or raise it.',
        check: fargateSpotArchitecture(this.resources),
      },
    ];
  }

  public visit(node: IConstruct): void {
    const traversal = this.traversals.of(node);
    if (traversal !== this.traversal) {
      this.traversal = traversal;
      this.resources.reset();
    }
    if (!(node instanceof CfnResource)) return;
    for (const rule of this.rules) {
      this.applyRule({
        ruleSuffixOverride: rule.id,
        info: rule.info,
        explanation: rule.explanation,
        level: NagMessageLevel.ERROR,
        rule: rule.check,
        node,
      });
    }
  }
}
