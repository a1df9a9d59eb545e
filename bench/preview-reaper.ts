/*
 * Benchmark of one PreviewReaper pass: 5,000 stacks (100 of them expired previews) served by a local
 * endpoint that answers the CloudFormation and SNS Query APIs, the built handler bundle run in a child
 * Node process with the real AWS SDK v3 (AWS_ENDPOINT_URL). Prints wall time, API calls and peak memory;
 * asserts nothing. Run `npx projen bundle` first.
 *
 * The local endpoint (`FakeAwsEndpoint`) is exported for test/preview-reaper-e2e.test.ts.
 */
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import { AddressInfo } from 'net';
import * as path from 'path';
import { now } from '../src/core/clock';

/** The built handler bundle (`npx projen bundle`). */
export const REAPER_BUNDLE = path.join(__dirname, '..', 'assets', 'preview', 'reaper.lambda', 'index.js');

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

export interface FakeAwsOptions {
  readonly stacks: FakeStack[];
  /** Stacks per DescribeStacks page (CloudFormation returns up to 100). */
  readonly pageSize?: number;
  /** The first N requests of these actions get `400 Throttling`. */
  readonly throttleFirst?: { [action: string]: number };
  /** The time of the newest stack event (older events one second apart each). @default the library clock */
  readonly eventsUpTo?: Date;
}

export interface RecordedCall {
  readonly action: string;
  readonly params: { [key: string]: string };
  readonly authorization?: string;
}

function xml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function stackArn(name: string): string {
  return `arn:aws:cloudformation:us-east-1:123456789012:stack/${name}/00000000-0000-0000-0000-000000000000`;
}

/** A local HTTP endpoint answering CloudFormation DescribeStacks/DescribeStackEvents/DeleteStack and SNS Publish. */
export class FakeAwsEndpoint {
  public readonly calls: RecordedCall[] = [];
  public readonly published: { subject: string; message: string; topicArn: string }[] = [];
  public readonly deleted: { stackName: string; roleArn: string }[] = [];
  private readonly server: http.Server;
  private readonly byName = new Map<string, FakeStack>();
  private readonly throttled: { [action: string]: number } = {};

  constructor(private readonly options: FakeAwsOptions) {
    for (const s of options.stacks) this.byName.set(s.name, s);
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const params = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf-8')));
        const { status, body } = this.answer(params, req.headers.authorization);
        res.writeHead(status, { 'content-type': 'text/xml', 'x-amzn-requestid': 'req-1' });
        res.end(body);
      });
    });
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

  private answer(params: { [key: string]: string }, authorization?: string): { status: number; body: string } {
    const action = params.Action;
    this.calls.push({ action, params, authorization });
    const limit = this.options.throttleFirst?.[action] ?? 0;
    if ((this.throttled[action] ?? 0) < limit) {
      this.throttled[action] = (this.throttled[action] ?? 0) + 1;
      return this.error(400, 'Throttling', 'Rate exceeded');
    }
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
    const members = (stack.events ?? []).map((e, i) => '<member>' +
      `<StackId>${stackArn(stack.name)}</StackId><EventId>${i}</EventId><StackName>${xml(stack.name)}</StackName>` +
      `<LogicalResourceId>${xml(e.logicalId)}</LogicalResourceId><ResourceType>${xml(e.type)}</ResourceType>` +
      `<Timestamp>${new Date((this.options.eventsUpTo ?? now()).getTime() - i * 1000).toISOString()}</Timestamp><ResourceStatus>${e.status}</ResourceStatus>` +
      (e.reason ? `<ResourceStatusReason>${xml(e.reason)}</ResourceStatusReason>` : '') + '</member>').join('');
    return {
      status: 200,
      body: '<DescribeStackEventsResponse xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/"><DescribeStackEventsResult>' +
        `<StackEvents>${members}</StackEvents></DescribeStackEventsResult>` +
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
  /** Everything the handler logged (structured JSON lines). */
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
      resolve({ ...JSON.parse(marker.slice('RESULT '.length)), logs: lines.filter((l) => l.startsWith('{')) });
    });
  });
}

/** 5,000 stacks: 4,000 not previews, 900 unexpired previews, 100 expired previews. */
export function benchStacks(passTime: Date, total = 5000, expired = 100, previews = 1000): FakeStack[] {
  const stacks: FakeStack[] = [];
  const iso = (ms: number) => new Date(passTime.getTime() + ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
  for (let i = 0; i < total; i++) {
    const isPreview = i % Math.floor(total / previews) === 0;
    const previewIndex = Math.floor(i / Math.floor(total / previews));
    const tags: { [key: string]: string } = { team: `team-${i % 17}` };
    if (isPreview) {
      tags['paved-road:preview'] = 'true';
      tags['paved-road:preview-branch'] = `feature/${i}`;
      tags['paved-road:expires-at'] = previewIndex < expired ? iso(-3_600_000 - i) : iso(48 * 3_600_000 + i);
    }
    stacks.push({ name: `stack-${i}`, status: 'UPDATE_COMPLETE', creationTime: new Date(passTime.getTime() - 86_400_000 * 5), tags });
  }
  return stacks;
}

async function main(): Promise<void> {
  if (!fs.existsSync(REAPER_BUNDLE)) {
    console.log(`PreviewReaper: skipped, ${path.relative(process.cwd(), REAPER_BUNDLE)} is missing (run \`npx projen bundle\` first)`);
    return;
  }
  const passTime = now();
  const stacks = benchStacks(passTime);
  const endpoint = new FakeAwsEndpoint({ stacks, eventsUpTo: passTime });
  const url = await endpoint.start();
  const started = performance.now();
  const run = await runBundle(url, {
    DELETION_ROLE_ARN: 'arn:aws:iam::123456789012:role/preview-reaper-deletion',
    TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:preview-reaper',
  }, { source: 'paved-road.preview-reaper', time: passTime.toISOString() });
  const wallMs = performance.now() - started;
  await endpoint.stop();
  const pages = Math.ceil(stacks.length / 100);
  console.log('PreviewReaper: one pass over %d stacks (%d expired previews), local endpoint, built bundle', stacks.length, 100);
  console.log('  wall time (process start to exit): %d ms; handler: %d ms (target < 60000 ms)', Math.round(wallMs), Math.round(run.handlerMs));
  console.log('  DescribeStacks calls: %d (pages: %d); ListStacks calls: %d', endpoint.count('DescribeStacks'), pages, endpoint.count('ListStacks'));
  console.log('  DeleteStack calls: %d; DescribeStackEvents calls: %d; SNS Publish calls: %d', endpoint.count('DeleteStack'), endpoint.count('DescribeStackEvents'), endpoint.count('Publish'));
  console.log('  total API calls: %d', endpoint.calls.length);
  console.log('  peak memory (max RSS of the handler process): %d MiB', Math.round(run.maxRssMiB));
  if (run.error) console.log('  handler error: %s', run.error);
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
}
