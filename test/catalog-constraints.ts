/**
 * Evaluates CloudFormation parameter constraints (AllowedValues, AllowedPattern, Min/MaxLength,
 * Min/MaxValue) and template Rules (Fn::Equals, Fn::Contains, Fn::And, Fn::Or, Fn::Not, Ref) of a
 * synthesized template against the values a developer passes, as CloudFormation and Service
 * Catalog do before provisioning. Returns one message per rejected value.
 */
export function rejectedParameters(template: any, values: Record<string, string>): string[] {
  const problems: string[] = [];
  const params: Record<string, any> = template.Parameters ?? {};
  const resolved: Record<string, string> = {};
  for (const name of Object.keys(values)) {
    if (!(name in params)) problems.push(`${name}: not a parameter of the template`);
  }
  for (const [name, p] of Object.entries(params)) {
    if (String(p.Type).startsWith('AWS::SSM::Parameter::Value')) continue;
    const value = values[name] ?? (p.Default !== undefined ? String(p.Default) : undefined);
    if (value === undefined) { problems.push(`${name}: required`); continue; }
    resolved[name] = value;
    if (p.AllowedValues && !p.AllowedValues.map(String).includes(value)) problems.push(`${name}: ${value} not in AllowedValues`);
    if (p.AllowedPattern && !new RegExp(`^(?:${p.AllowedPattern})$`).test(value)) problems.push(`${name}: ${value} does not match AllowedPattern`);
    if (p.Type === 'String') {
      if (p.MinLength !== undefined && value.length < Number(p.MinLength)) problems.push(`${name}: shorter than MinLength`);
      if (p.MaxLength !== undefined && value.length > Number(p.MaxLength)) problems.push(`${name}: longer than MaxLength`);
    }
    if (p.Type === 'Number') {
      const n = Number(value);
      if (value.trim() === '' || Number.isNaN(n)) problems.push(`${name}: ${value} is not a number`);
      if (p.MinValue !== undefined && n < Number(p.MinValue)) problems.push(`${name}: ${value} below MinValue`);
      if (p.MaxValue !== undefined && n > Number(p.MaxValue)) problems.push(`${name}: ${value} above MaxValue`);
    }
  }
  const evaluate = (x: any): any => {
    if (typeof x === 'string') return x;
    if (Array.isArray(x)) return x.map(evaluate);
    if (x.Ref !== undefined) return resolved[x.Ref];
    if (x['Fn::Equals']) { const [a, b] = x['Fn::Equals'].map(evaluate); return String(a) === String(b); }
    if (x['Fn::Contains']) { const [list, v] = x['Fn::Contains'].map(evaluate); return list.map(String).includes(String(v)); }
    if (x['Fn::And']) return x['Fn::And'].map(evaluate).every(Boolean);
    if (x['Fn::Or']) return x['Fn::Or'].map(evaluate).some(Boolean);
    if (x['Fn::Not']) return !evaluate(x['Fn::Not'][0]);
    throw new Error(`unsupported rule function ${JSON.stringify(x)}`);
  };
  for (const [name, rule] of Object.entries<any>(template.Rules ?? {})) {
    if (rule.RuleCondition !== undefined && !evaluate(rule.RuleCondition)) continue;
    for (const a of rule.Assertions ?? []) {
      if (!evaluate(a.Assert)) problems.push(`rule ${name}: ${a.AssertDescription}`);
    }
  }
  return problems;
}
