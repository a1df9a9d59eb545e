import { Fn, IResolveContext, Lazy, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';

/**
 * Deploy-time values a dashboard refers to, by placeholder name. Names must be valid `Fn::Sub`
 * variable names (letters and digits).
 * @internal
 */
export type DashboardVariables = Record<string, string>;

/** One line of a graph: namespace, metric name, dimensions (values may be `${Name}` placeholders), options. @internal */
export interface MetricLine {
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Record<string, string>;
  readonly statistic: string;
  readonly periodSeconds: number;
  readonly label: string;
}

/** A placeholder for `name` in widget JSON. @internal */
export function placeholder(name: string): string {
  return '${' + name + '}';
}

/**
 * A widget rendered as plain JSON, with `${Name}` placeholders where deploy-time values go.
 *
 * The L2 widgets put every load balancer, target group, service and alarm reference into the
 * dashboard body as a token; a service dashboard carries about 40 of them, and CDK resolves that
 * body several times per synthesis. A body of plain JSON with a handful of `Fn::Sub` variables
 * costs a fraction of that (see bench/service.ts).
 * @internal
 */
export class PlaceholderWidget extends cloudwatch.ConcreteWidget {
  constructor(width: number, height: number, private readonly properties: Record<string, unknown>, private readonly type: 'metric' | 'alarm') {
    super(width, height);
  }

  public toJson(): any[] {
    return [{ type: this.type, width: this.width, height: this.height, x: this.x, y: this.y, properties: this.properties }];
  }
}

/** A time-series graph of `lines`, with optional horizontal annotations. @internal */
export function graphWidget(title: string, lines: MetricLine[], annotations: cloudwatch.HorizontalAnnotation[] = []): PlaceholderWidget {
  return new PlaceholderWidget(8, 6, {
    view: 'timeSeries',
    title,
    region: placeholder('AWS::Region'),
    metrics: lines.map((l) => [
      l.namespace, l.metricName, ...Object.entries(l.dimensions).flat(),
      { label: l.label, period: l.periodSeconds, stat: l.statistic },
    ]),
    ...(annotations.length > 0 ? { annotations: { horizontal: annotations.map((a) => ({ ...a, yAxis: 'left' })) } } : {}),
    yAxis: {},
  }, 'metric');
}

/** The state of the alarms whose ARNs are in the given variables. @internal */
export function alarmStatusWidget(title: string, alarmArnVariables: string[]): PlaceholderWidget {
  return new PlaceholderWidget(24, 3, { title, alarms: alarmArnVariables.map(placeholder) }, 'alarm');
}

/**
 * A dashboard whose body is `Fn::Sub` of its rendered JSON with `variables`, so the placeholders of
 * `PlaceholderWidget`s become deploy-time values. It is a plain `cloudwatch.Dashboard` to its users,
 * and widgets a team adds with `addWidgets` keep working: a literal `${` in their text is escaped,
 * and when their JSON holds tokens (so the body is an `Fn::Join`, which `Fn::Sub` does not accept)
 * the placeholders are replaced inside the join instead.
 * @internal
 */
export class SubstitutedDashboard extends cloudwatch.Dashboard {
  /** Bumped by every change to the widgets or variables, so a rendered body is reused only while it is current. */
  private changes = 0;
  private rendered?: { readonly changes: number; readonly body: string };

  constructor(scope: Construct, id: string, props: cloudwatch.DashboardProps, variables: DashboardVariables) {
    super(scope, id, props);
    const cfn = this.node.defaultChild as cloudwatch.CfnDashboard;
    const l2Body = cfn.dashboardBody;
    const known = new Set([...Object.keys(variables), 'AWS::Region']);
    cfn.dashboardBody = Lazy.uncachedString({
      produce: (context: IResolveContext) => {
        // CDK resolves a template several times per synthesis; render the widgets once.
        if (this.rendered?.changes === this.changes) return this.rendered.body;
        const body = context.resolve(l2Body);
        if (typeof body !== 'string') return Token.asString(replaceInJoin(body, variables));
        const escaped = body.replace(/\$\{([^}]*)\}/g, (match, name) => (known.has(name) ? match : '${!' + name + '}'));
        this.rendered = { changes: this.changes, body: Fn.sub(escaped, variables) };
        return this.rendered.body;
      },
    });
  }

  public addWidgets(...widgets: cloudwatch.IWidget[]): void {
    this.changes++;
    super.addWidgets(...widgets);
  }

  public addVariable(variable: cloudwatch.IVariable): void {
    this.changes++;
    super.addVariable(variable);
  }
}

/** `{ Fn::Join: ['', parts] }` with each placeholder in a string part replaced by its value. */
function replaceInJoin(body: any, variables: DashboardVariables): unknown {
  const [delimiter, parts] = body['Fn::Join'];
  const values: Record<string, unknown> = { ...variables, 'AWS::Region': { Ref: 'AWS::Region' } };
  const out: unknown[] = [];
  for (const part of parts as unknown[]) {
    if (typeof part !== 'string') {
      out.push(part);
      continue;
    }
    let last = 0;
    for (const m of part.matchAll(/\$\{([A-Za-z0-9]+|AWS::Region)\}/g)) {
      const name = m[1];
      if (!(name in values)) continue;
      out.push(part.slice(last, m.index), values[name]);
      last = m.index! + m[0].length;
    }
    out.push(part.slice(last));
  }
  return { 'Fn::Join': [delimiter, out.filter((p) => p !== '')] };
}
