import { NagRuleCompliance } from 'cdk-nag';
import { namedRule, resolved } from './rule-helpers';
import { Profile } from '../../../core/profile';
import { resolveProfile } from '../../../core/resolve-profile';

/**
 * PavedRoad-ProdHttps: in a prod stack, ALB listeners serve HTTPS; an HTTP listener may only
 * redirect to HTTPS.
 * @internal
 */
export const prodHttps = namedRule('ProdHttps', (node) => {
  if (node.cfnResourceType !== 'AWS::ElasticLoadBalancingV2::Listener') return NagRuleCompliance.NOT_APPLICABLE;
  if (resolveProfile(node) !== Profile.PROD) return NagRuleCompliance.NOT_APPLICABLE;
  const listener = node as any;
  const protocol = resolved(node, listener.protocol);
  if (protocol !== 'HTTP') return NagRuleCompliance.COMPLIANT;
  const actions: any[] = resolved(node, listener.defaultActions) ?? [];
  const redirectsToHttps = actions.length > 0 && actions.every((a) => {
    const type = a.type ?? a.Type;
    const redirect = a.redirectConfig ?? a.RedirectConfig;
    return type === 'redirect' && (redirect?.protocol ?? redirect?.Protocol) === 'HTTPS';
  });
  return redirectsToHttps ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
});
