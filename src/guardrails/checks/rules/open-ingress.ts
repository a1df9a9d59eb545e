import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { logicalIdOf, namedRule, referencesInJson, resolved, RuleCheck, StackResources } from './rule-helpers';

const WORLD = ['0.0.0.0/0', '::/0'];
const WEB_PORTS = [80, 443];

interface Ingress { CidrIp?: string; CidrIpv6?: string; FromPort?: number; ToPort?: number; IpProtocol?: string }

/** L1 properties are camelCase before rendering; accept either spelling. */
function normalize(raw: Record<string, unknown>): Ingress {
  const pick = (k: string) => raw[k] ?? raw[k.charAt(0).toLowerCase() + k.slice(1)];
  return {
    CidrIp: pick('CidrIp') as string,
    CidrIpv6: pick('CidrIpv6') as string,
    FromPort: pick('FromPort') as number,
    ToPort: pick('ToPort') as number,
    IpProtocol: pick('IpProtocol') as string,
  };
}

function isWorld(rule: Ingress): boolean {
  return WORLD.includes(rule.CidrIp as string) || WORLD.includes(rule.CidrIpv6 as string);
}

function isWebPort(rule: Ingress): boolean {
  return WEB_PORTS.includes(Number(rule.FromPort)) && Number(rule.FromPort) === Number(rule.ToPort) && rule.IpProtocol === 'tcp';
}

/**
 * PavedRoad-OpenIngress: no security group admits 0.0.0.0/0 or ::/0, except on TCP 80/443 to a
 * group a load balancer uses.
 * @internal
 */
export function openIngress(resources: StackResources): RuleCheck {
  /** Whether a load balancer in the stack uses the security group with this logical id. */
  const usedByLoadBalancer = (node: CfnResource, groupLogicalId: string): boolean =>
    resources.ofType(node, 'AWS::ElasticLoadBalancingV2::LoadBalancer').some((lb) => referencesInJson(
      resources.derived(lb, 'security-groups', () => JSON.stringify(resolved(lb, (lb as any).securityGroups) ?? null)), groupLogicalId));

  return namedRule('OpenIngress', (node) => {
    let rules: Ingress[];
    let groupLogicalId: string | undefined;
    if (node.cfnResourceType === 'AWS::EC2::SecurityGroup') {
      rules = (resolved(node, (node as any).securityGroupIngress) ?? []).map(normalize);
      groupLogicalId = logicalIdOf(node);
    } else if (node.cfnResourceType === 'AWS::EC2::SecurityGroupIngress') {
      const ingress = node as any;
      rules = [normalize(resolved(node, {
        cidrIp: ingress.cidrIp, cidrIpv6: ingress.cidrIpv6, fromPort: ingress.fromPort, toPort: ingress.toPort, ipProtocol: ingress.ipProtocol,
      }))];
      groupLogicalId = JSON.stringify(resolved(node, ingress.groupId) ?? '').match(/"Fn::GetAtt":\["([^"]+)"/)?.[1];
    } else {
      return NagRuleCompliance.NOT_APPLICABLE;
    }
    const open = rules.filter(isWorld);
    if (open.length === 0) return NagRuleCompliance.COMPLIANT;
    const toLoadBalancer = groupLogicalId !== undefined && usedByLoadBalancer(node, groupLogicalId);
    const bad = open.filter((r) => !(toLoadBalancer && isWebPort(r)));
    return bad.length === 0 ? NagRuleCompliance.COMPLIANT : bad.map((r) => `${r.CidrIp ?? r.CidrIpv6}::${r.IpProtocol}:${r.FromPort}-${r.ToPort}`);
  });
}
