/*
 * Benchmark of PreviewReaper passes: 5,000 stacks (100 of them expired previews, 100 inside their warning
 * period) served by a local endpoint that answers the CloudFormation and SNS Query APIs and the DynamoDB JSON
 * API (the notice ledger), the built handler bundle run in a child Node process with the real AWS SDK v3
 * (AWS_ENDPOINT_URL). Two passes over the same endpoint: the second finds every notice in the ledger. Prints
 * wall time, API calls and peak memory; asserts nothing. Run `npx projen bundle` first.
 *
 * The local endpoint (`FakeAwsEndpoint`) is exported for test/preview-reaper-e2e.test.ts.
 */
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import { AddressInfo } from 'net';
import * as path from 'path';
import { now } from '../src/core/clock';

/**
 * The built handler bundle (`npx projen bundle`). PREVIEW_REAPER_BUNDLE points the e2e tests and the benchmark at
 * another build (for example the bundle of an earlier commit, to see a test fail on it).
 */
export const REAPER_BUNDLE = process.env.PREVIEW_REAPER_BUNDLE || path.join(__dirname, '..', 'assets', 'preview', 'reaper.lambda', 'index.js');

/** Events per DescribeStackEvents page, as CloudFormation returns them. */
const EVENTS_PER_PAGE = 100;

export interface FakeStackEvent {
  readonly logicalId: string;
  readonly type: string;
  readonly status: string;
  readonly reason?: string;
}

export interface FakeStack {
  readonly name: string;
  status: string;
  readonly creationTime: Date;
  readonly lastUpdatedTime?: Date;
  readonly terminationProtection?: boolean;
  readonly parentId?: string;
  readonly tags: { [key: string]: string };
  /** Newest first. */
  readonly events?: FakeStackEvent[];
}

/** An error the endpoint answers instead of the real response. */
export interface FakeFault {
  /** The action (`DescribeStacks`, `Publish`, `PutItem`, ...). */
  readonly action: string;
  /** Only requests whose parameters (Query) or JSON body (DynamoDB) this accepts. @default every request */
  readonly when?: (params: { [key: string]: any }) => boolean;
  /** How many matching requests fail. @default every one */
  readonly times?: number;
  /** HTTP status. @default 400 */
  readonly status?: number;
  readonly code: string;
  readonly message?: string;
}

export interface FakeAwsOptions {
  readonly stacks: FakeStack[];
  /** Errors to answer with. */
  readonly faults?: FakeFault[];
  /** Stacks per DescribeStacks page (CloudFormation returns up to 100). */
  readonly pageSize?: number;
  /** The first N requests of these actions get `400 Throttling`. */
  readonly throttleFirst?: { [action: string]: number };
  /** The time of the newest stack event (older events one second apart each). @default the library clock */
  readonly eventsUpTo?: Date;
}

export interface RecordedCall {
  readonly action: string;
  /** Query parameters (CloudFormation, SNS) or the JSON body (DynamoDB). */
  readonly params: { [key: string]: any };
  readonly authorization?: string;
}

/** A DynamoDB item in the wire format (`{ "S": "..." }` per attribute). */
export type FakeItem = { [attribute: string]: { [type: string]: unknown } };

function xml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function stackArn(name: string): string {
  return `arn:aws:cloudformation:us-east-1:123456789012:stack/${name}/00000000-0000-0000-0000-000000000000`;
}

/**
 * A local HTTP endpoint answering CloudFormation DescribeStacks/DescribeStackEvents/DeleteStack and SNS Publish
 * (Query protocol, XML), and DynamoDB PutItem/DeleteItem/GetItem (JSON protocol) on in-memory tables.
 */
export class FakeAwsEndpoint {
  public readonly calls: RecordedCall[] = [];
  public readonly published: { subject: string; message: string; topicArn: string }[] = [];
  public readonly deleted: { stackName: string; roleArn: string }[] = [];
  /** DynamoDB tables by name, items by their key attribute's value; kept across passes. */
  public readonly tables = new Map<string, Map<string, FakeItem>>();
  private readonly server: http.Server;
  private readonly byName = new Map<string, FakeStack>();
  private readonly throttled: { [action: string]: number } = {};
  private readonly faulted = new Map<FakeFault, number>();

  constructor(private readonly options: FakeAwsOptions) {
    for (const s of options.stacks) this.byName.set(s.name, s);
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf-8');
        const target = req.headers['x-amz-target'];
        const json = typeof target === 'string' && target.startsWith('DynamoDB_20120810.');
        const { status, body } = json
          ? this.answerJson(target.slice('DynamoDB_20120810.'.length), JSON.parse(text || '{}'), req.headers.authorization)
          : this.answer(Object.fromEntries(new URLSearchParams(text)), req.headers.authorization);
        res.writeHead(status, { 'content-type': json ? 'application/x-amz-json-1.0' : 'text/xml', 'x-amzn-requestid': 'req-1' });
        res.end(body);
      });
    });
  }

  /** The items of a DynamoDB table (empty when nothing was written to it). */
  public items(table: string): FakeItem[] {
    return [...(this.tables.get(table)?.values() ?? [])];
  }

  /** Starts listening on 127.0.0.1 and returns the endpoint URL. */
  public async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  public async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Calls per action. */
  public count(action: string): number {
    return this.calls.filter((c) => c.action === action).length;
  }

  /** The fault this request meets, if any (counted). */
  private fault(action: string, params: { [key: string]: any }): FakeFault | undefined {
    const limit = this.options.throttleFirst?.[action] ?? 0;
    if ((this.throttled[action] ?? 0) < limit) {
      this.throttled[action] = (this.throttled[action] ?? 0) + 1;
      return { action, code: 'Throttling', message: 'Rate exceeded' };
    }
    const fault = this.options.faults?.find((f) =>
      f.action === action && (f.when?.(params) ?? true) && (this.faulted.get(f) ?? 0) < (f.times ?? Infinity));
    if (fault) this.faulted.set(fault, (this.faulted.get(fault) ?? 0) + 1);
    return fault;
  }

  private answer(params: { [key: string]: string }, authorization?: string): { status: number; body: string } {
    const action = params.Action;
    this.calls.push({ action, params, authorization });
    const fault = this.fault(action, params);
    if (fault) return this.error(fault.status ?? 400, fault.code, fault.message ?? `${fault.code} (fault injected by the local endpoint)`);
    switch (action) {
      case 'DescribeStacks': return this.describeStacks(params);
      case 'DescribeStackEvents': return this.describeStackEvents(params);
      case 'DeleteStack': return this.deleteStack(params);
      case 'Publish': return this.publish(params);
      default: return this.error(400, 'InvalidAction', `action ${action} is not served here`);
    }
  }

  private error(status: number, code: string, message: string): { status: number; body: string } {
    return {
      status,
      body: `<ErrorResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><Error><Type>Sender</Type><Code>${code}</Code>` +
        `<Message>${xml(message)}</Message></Error><RequestId>req-1</RequestId></ErrorResponse>`,
    };
  }

  private lookup(nameOrArn: string): FakeStack | undefined {
    const m = /^arn:aws:cloudformation:[^:]+:\d+:stack\/([^/]+)\//.exec(nameOrArn);
    return this.byName.get(m ? m[1] : nameOrArn);
  }

  private describeStacks(params: { [key: string]: string }): { status: number; body: string } {
    const pageSize = this.options.pageSize ?? 100;
    const visible = this.options.stacks.filter((s) => s.status !== 'DELETE_COMPLETE');
    const start = params.NextToken ? Number(Buffer.from(params.NextToken, 'base64').toString('utf-8').replace('offset:', '')) : 0;
    if (!Number.isInteger(start)) return this.error(400, 'ValidationError', 'Invalid NextToken');
    const page = visible.slice(start, start + pageSize);
    const next = start + pageSize < visible.length ? Buffer.from(`offset:${start + pageSize}`).toString('base64') : undefined;
    const members = page.map((s) => '<member>' +
      `<StackName>${xml(s.name)}</StackName><StackId>${stackArn(s.name)}</StackId>` +
      `<CreationTime>${s.creationTime.toISOString()}</CreationTime>` +
      (s.lastUpdatedTime ? `<LastUpdatedTime>${s.lastUpdatedTime.toISOString()}</LastUpdatedTime>` : '') +
      `<StackStatus>${s.status}</StackStatus>` +
      `<EnableTerminationProtection>${s.terminationProtection ? 'true' : 'false'}</EnableTerminationProtection>` +
      (s.parentId ? `<ParentId>${s.parentId}</ParentId><RootId>${s.parentId}</RootId>` : '') +
      '<Tags>' + Object.entries(s.tags).map(([k, v]) => `<member><Key>${xml(k)}</Key><Value>${xml(v)}</Value></member>`).join('') + '</Tags>' +
      '</member>').join('');
    return {
      status: 200,
      body: '<DescribeStacksResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><DescribeStacksResult>' +
        `<Stacks>${members}</Stacks>${next ? `<NextToken>${next}</NextToken>` : ''}` +
        '</DescribeStacksResult><ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></DescribeStacksResponse>',
    };
  }

  private describeStackEvents(params: { [key: string]: string }): { status: number; body: string } {
    const stack = this.lookup(params.StackName ?? '');
    if (!stack) return this.error(400, 'ValidationError', `Stack [${params.StackName}] does not exist`);
    // Pages of 100 events, newest first, as CloudFormation returns them.
    const all = stack.events ?? [];
    const start = params.NextToken ? Number(Buffer.from(params.NextToken, 'base64').toString('utf-8').replace('events:', '')) : 0;
    if (!Number.isInteger(start)) return this.error(400, 'ValidationError', 'Invalid NextToken');
    const next = start + EVENTS_PER_PAGE < all.length ? Buffer.from(`events:${start + EVENTS_PER_PAGE}`).toString('base64') : undefined;
    const members = all.slice(start, start + EVENTS_PER_PAGE).map((e, j) => ({ e, i: start + j })).map(({ e, i }) => '<member>' +
      `<StackId>${stackArn(stack.name)}</StackId><EventId>${xml(stack.name)}-event-${all.length - i}</EventId><StackName>${xml(stack.name)}</StackName>` +
      `<LogicalResourceId>${xml(e.logicalId)}</LogicalResourceId><ResourceType>${xml(e.type)}</ResourceType>` +
      `<Timestamp>${new Date((this.options.eventsUpTo ?? now()).getTime() - i * 1000).toISOString()}</Timestamp><ResourceStatus>${e.status}</ResourceStatus>` +
      (e.reason ? `<ResourceStatusReason>${xml(e.reason)}</ResourceStatusReason>` : '') + '</member>').join('');
    return {
      status: 200,
      body: '<DescribeStackEventsResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><DescribeStackEventsResult>' +
        `<StackEvents>${members}</StackEvents>${next ? `<NextToken>${next}</NextToken>` : ''}</DescribeStackEventsResult>` +
        '<ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></DescribeStackEventsResponse>',
    };
  }

  private deleteStack(params: { [key: string]: string }): { status: number; body: string } {
    const stack = this.lookup(params.StackName ?? '');
    this.deleted.push({ stackName: stack?.name ?? params.StackName, roleArn: params.RoleARN });
    if (stack) stack.status = 'DELETE_IN_PROGRESS';
    return {
      status: 200,
      body: '<DeleteStackResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></DeleteStackResponse>',
    };
  }

  /** DynamoDB's JSON protocol: the calls the notice ledger makes, on in-memory tables keyed by `NoticeKey`. */
  private answerJson(action: string, body: { [key: string]: any }, authorization?: string): { status: number; body: string } {
    this.calls.push({ action, params: body, authorization });
    const fault = this.fault(action, body);
    if (fault) return this.jsonError(fault.status ?? 400, fault.code, fault.message ?? `${fault.code} (fault injected by the local endpoint)`);
    const table = this.tables.get(body.TableName) ?? new Map<string, FakeItem>();
    this.tables.set(body.TableName, table);
    const keyOf = (item: FakeItem | undefined) => {
      const key = item?.NoticeKey?.S;
      return typeof key === 'string' ? key : undefined;
    };
    switch (action) {
      case 'PutItem': {
        const key = keyOf(body.Item);
        if (key === undefined) return this.jsonError(400, 'ValidationException', 'One of the required keys was not given a value');
        const old = table.get(key);
        const condition = String(body.ConditionExpression ?? '').replace(/#\w+/g, (n) => body.ExpressionAttributeNames?.[n] ?? n);
        const passes = condition === '' ? true
          : condition === 'attribute_not_exists(NoticeKey)' ? old === undefined
            : condition === 'attribute_exists(NoticeKey)' ? old !== undefined : undefined;
        if (passes === undefined) return this.jsonError(400, 'ValidationException', `the local endpoint does not evaluate ${condition}`);
        if (!passes) {
          return this.jsonError(400, 'ConditionalCheckFailedException', 'The conditional request failed',
            body.ReturnValuesOnConditionCheckFailure === 'ALL_OLD' && old ? { Item: old } : {});
        }
        table.set(key, body.Item);
        return { status: 200, body: '{}' };
      }
      case 'DeleteItem': {
        const key = keyOf(body.Key);
        if (key !== undefined) table.delete(key);
        return { status: 200, body: '{}' };
      }
      case 'GetItem': {
        const item = table.get(keyOf(body.Key) ?? '');
        return { status: 200, body: JSON.stringify(item ? { Item: item } : {}) };
      }
      default: return this.jsonError(400, 'UnknownOperationException', `operation ${action} is not served here`);
    }
  }

  private jsonError(status: number, code: string, message: string, extra: object = {}): { status: number; body: string } {
    return { status, body: JSON.stringify({ __type: `com.amazonaws.dynamodb.v20120810#${code}`, message, ...extra }) };
  }

  private publish(params: { [key: string]: string }): { status: number; body: string } {
    this.published.push({ subject: params.Subject, message: params.Message, topicArn: params.TopicArn });
    return {
      status: 200,
      body: '<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult>' +
        `<MessageId>msg-${this.published.length}</MessageId></PublishResult><ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></PublishResponse>`,
    };
  }
}

export interface BundleRun {
  /** The handler's return value, or undefined when it threw. */
  readonly result?: any;
  /** The error message when the handler threw. */
  readonly error?: string;
  /** Everything the handler logged (structured JSON lines, stdout and stderr: Powertools writes warnings to stderr). */
  readonly logs: string[];
  /** Peak resident memory of the child process, in MiB. */
  readonly maxRssMiB: number;
  /** Wall time of the handler call, in milliseconds. */
  readonly handlerMs: number;
}

/** Runs the built bundle's handler once in a child Node process pointed at `endpoint`. */
export function runBundle(endpoint: string, env: { [key: string]: string }, event: object = {}): Promise<BundleRun> {
  const script = `
    const started = process.hrtime.bigint();
    require(${JSON.stringify(REAPER_BUNDLE)}).handler(${JSON.stringify(event)})
      .then((result) => ({ result }), (e) => ({ error: e.message }))
      .then((out) => {
        out.handlerMs = Number(process.hrtime.bigint() - started) / 1e6;
        out.maxRssMiB = process.resourceUsage().maxRSS / 1024;
        process.stdout.write('\\nRESULT ' + JSON.stringify(out) + '\\n');
      });`;
  const childEnv = {
    PATH: process.env.PATH ?? '',
    AWS_ENDPOINT_URL: endpoint,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'AKIDLOCALTEST',
    AWS_SECRET_ACCESS_KEY: 'local-secret',
    AWS_SESSION_TOKEN: 'local-session',
    AWS_LAMBDA_FUNCTION_NAME: 'preview-reaper-local',
    NODE_NO_WARNINGS: '1',
    ...env,
  };
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['-e', script], { env: childEnv, maxBuffer: 256 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`bundle process failed: ${err.message}\n${stderr}`));
      const lines = stdout.split('\n');
      const marker = lines.find((l) => l.startsWith('RESULT '));
      if (!marker) return reject(new Error(`no RESULT line from the bundle:\n${stdout}\n${stderr}`));
      const logs = [...lines, ...stderr.split('\n')].filter((l) => l.startsWith('{'));
      resolve({ ...JSON.parse(marker.slice('RESULT '.length)), logs });
    });
  });
}

/** 5,000 stacks: 4,000 not previews, 800 unexpired previews, 100 inside their 24-hour warning period, 100 expired. */
export function benchStacks(passTime: Date, total = 5000, expired = 100, previews = 1000, warning = 100): FakeStack[] {
  const stacks: FakeStack[] = [];
  const iso = (ms: number) => new Date(passTime.getTime() + ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
  for (let i = 0; i < total; i++) {
    const isPreview = i % Math.floor(total / previews) === 0;
    const previewIndex = Math.floor(i / Math.floor(total / previews));
    const tags: { [key: string]: string } = { team: `team-${i % 17}` };
    if (isPreview) {
      tags['paved-road:preview'] = 'true';
      tags['paved-road:preview-branch'] = `feature/${i}`;
      tags['paved-road:expires-at'] = previewIndex < expired ? iso(-3_600_000 - i)
        : previewIndex < expired + warning ? iso(12 * 3_600_000 + i) : iso(48 * 3_600_000 + i);
    }
    stacks.push({ name: `stack-${i}`, status: 'UPDATE_COMPLETE', creationTime: new Date(passTime.getTime() - 86_400_000 * 5), tags });
  }
  return stacks;
}

const BENCH_ENV = {
  DELETION_ROLE_ARN: 'arn:aws:iam::123456789012:role/preview-reaper-deletion',
  TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:preview-reaper',
  LEDGER_TABLE_NAME: 'preview-reaper-notices',
};

async function main(): Promise<void> {
  if (!fs.existsSync(REAPER_BUNDLE)) {
    console.log(`PreviewReaper: skipped, ${path.relative(process.cwd(), REAPER_BUNDLE)} is missing (run \`npx projen bundle\` first)`);
    return;
  }
  const passTime = now();
  const stacks = benchStacks(passTime);
  const endpoint = new FakeAwsEndpoint({ stacks, eventsUpTo: passTime });
  const url = await endpoint.start();
  const pages = Math.ceil(stacks.length / 100);
  console.log('PreviewReaper: two passes over %d stacks (100 expired previews, 100 in their warning period), local endpoint, built bundle', stacks.length);
  try {
    for (const [label, at] of [['first pass', passTime], ['second pass, 15 minutes later', new Date(passTime.getTime() + 15 * 60_000)]] as const) {
      const before = endpoint.calls.length;
      const calls = (action: string) => endpoint.calls.slice(before).filter((c) => c.action === action).length;
      const started = performance.now();
      const run = await runBundle(url, BENCH_ENV, { source: 'paved-road.preview-reaper', time: at.toISOString() });
      const wallMs = performance.now() - started;
      console.log('  %s', label);
      console.log('    wall time (process start to exit): %d ms; handler: %d ms (target < 60000 ms)', Math.round(wallMs), Math.round(run.handlerMs));
      console.log('    DescribeStacks calls: %d (pages: %d); ListStacks calls: %d', calls('DescribeStacks'), pages, calls('ListStacks'));
      console.log('    DeleteStack calls: %d; DescribeStackEvents calls: %d; SNS Publish calls: %d', calls('DeleteStack'), calls('DescribeStackEvents'), calls('Publish'));
      console.log('    notice ledger: PutItem %d, DeleteItem %d; notices already sent: %d', calls('PutItem'), calls('DeleteItem'), run.result?.alreadySent ?? 0);
      console.log('    total API calls: %d', endpoint.calls.length - before);
      console.log('    peak memory (max RSS of the handler process): %d MiB', Math.round(run.maxRssMiB));
      if (run.error) console.log('    handler error: %s', run.error);
    }
  } finally {
    await endpoint.stop();
  }
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
}
