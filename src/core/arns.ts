import { Stack, Token } from 'aws-cdk-lib';

/**
 * `arn:<partition>:<template>` with `{R}` and `{A}` in `template` replaced by the stack's region and
 * account, e.g. `arnOf(stack, 'kms:{R}:{A}:key/*')`. @internal
 */
export function arnOf(stack: Stack, template: string): string {
  return `arn:${stack.partition}:${template.replace(/\{R\}/g, stack.region).replace(/\{A\}/g, stack.account)}`;
}

/**
 * The same ARN as cdk-nag writes it in a finding id (`Resource::<this>`): `<AWS::Partition>`, and
 * `<AWS::Region>` / `<AWS::AccountId>` where the stack's environment is not concrete. Acknowledgments
 * name each id they accept with this, never a pattern. @internal
 */
export function findingArnOf(stack: Stack, template: string): string {
  const show = (value: string, pseudo: string) => (Token.isUnresolved(value) ? `<${pseudo}>` : value);
  return `arn:${show(stack.partition, 'AWS::Partition')}:${template.replace(/\{R\}/g, show(stack.region, 'AWS::Region')).replace(/\{A\}/g, show(stack.account, 'AWS::AccountId'))}`;
}

/**
 * A CloudFormation value (a string with tokens) as cdk-nag flattens it in a finding id: `Ref` to
 * `<Id>`, `Fn::GetAtt` to `<Id.Attribute>`, `Fn::Join` joined. @internal
 */
export function findingValueOf(stack: Stack, value: string): string {
  const visit = (node: any): string => {
    if (typeof node === 'string') return node;
    if (node['Fn::Join']) return (node['Fn::Join'][1] as any[]).map(visit).join(node['Fn::Join'][0]);
    if (node['Fn::GetAtt']) return `<${node['Fn::GetAtt'][0]}.${node['Fn::GetAtt'][1]}>`;
    if (node.Ref) return `<${node.Ref}>`;
    return JSON.stringify(node);
  };
  return visit(stack.resolve(value));
}
