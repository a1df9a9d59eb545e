/*
 * A local CloudFormation endpoint on 127.0.0.1 for the CLI's tests: it answers the Query protocol (form-encoded
 * POST, XML answers as CloudFormation writes them) for DescribeStacks (pages of `pageSize`), UpdateStack,
 * DeleteStack and ListImports, over stacks held in memory, and records every call. The tests use the real AWS SDK
 * v3 client with `endpoint` set, so signing, serialization, XML parsing and error parsing are the SDK's own.
 */
import * as http from 'http';
import { AddressInfo } from 'net';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';

export interface LocalStack {
  name: string;
  status: string;
  tags: Record<string, string>;
  creationTime: string;
  lastUpdatedTime?: string;
  parentId?: string;
  terminationProtection?: boolean;
  roleArn?: string;
  parameters?: Record<string, string>;
  capabilities?: string[];
  /** Export names and the stacks that import them. */
  exports?: Record<string, string[]>;
  outputs?: Record<string, string>;
  /** DescribeStacks calls after a DeleteStack until the stack reads DELETE_COMPLETE (or `deleteFailsWith`). */
  deleteTakes?: number;
  deleteFailsWith?: string;
}

export interface RecordedCall {
  readonly action: string;
  readonly params: Record<string, string>;
}

const xml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const NS = 'http://cloudformation.amazonaws.com/doc/2010-05-15/';
const arnOf = (name: string) => `arn:aws:cloudformation:us-east-1:123456789012:stack/${name}/0a1b2c3d-0000-0000-0000-${name.length.toString().padStart(12, '0')}`;

export class LocalCloudFormation {
  public readonly calls: RecordedCall[] = [];
  private readonly server: http.Server;
  private readonly deleting = new Map<string, number>();
  private url = '';

  constructor(public readonly stacks: LocalStack[], private readonly pageSize = 100) {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const params = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf-8')));
        this.calls.push({ action: params.Action, params });
        const { status, body } = this.answer(params);
        res.writeHead(status, { 'content-type': 'text/xml', 'x-amzn-requestid': 'req-1' });
        res.end(body);
      });
    });
  }

  public async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this.url;
  }

  public async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** The real SDK client, pointed at this endpoint. */
  public client(): CloudFormationClient {
    return new CloudFormationClient({ endpoint: this.url, region: 'us-east-1', credentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local-secret' }, maxAttempts: 1 });
  }

  public callsOf(action: string): RecordedCall[] {
    return this.calls.filter((c) => c.action === action);
  }

  private find(nameOrArn: string): LocalStack | undefined {
    const m = /^arn:aws:cloudformation:[^:]+:\d+:stack\/([^/]+)\//.exec(nameOrArn);
    return this.stacks.find((s) => s.name === (m ? m[1] : nameOrArn));
  }

  private error(code: string, message: string): { status: number; body: string } {
    return { status: 400, body: `<ErrorResponse xmlns="${NS}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${xml(message)}</Message></Error><RequestId>req-1</RequestId></ErrorResponse>` };
  }

  private ok(action: string, result: string): { status: number; body: string } {
    return { status: 200, body: `<${action}Response xmlns="${NS}"><${action}Result>${result}</${action}Result><ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></${action}Response>` };
  }

  private answer(p: Record<string, string>): { status: number; body: string } {
    switch (p.Action) {
      case 'DescribeStacks': return this.describeStacks(p);
      case 'UpdateStack': {
        const stack = this.find(p.StackName ?? '');
        if (!stack) return this.error('ValidationError', `Stack [${p.StackName}] does not exist`);
        if (stack.status.endsWith('_IN_PROGRESS')) return this.error('ValidationError', `Stack:${arnOf(stack.name)} is in ${stack.status} state and can not be updated.`);
        stack.tags = Object.fromEntries(Object.keys(p).filter((k) => /^Tags\.member\.\d+\.Key$/.test(k)).map((k) => [p[k], p[k.replace(/Key$/, 'Value')]]));
        stack.status = 'UPDATE_IN_PROGRESS';
        return this.ok('UpdateStack', `<StackId>${arnOf(stack.name)}</StackId>`);
      }
      case 'DeleteStack': {
        const stack = this.find(p.StackName ?? '');
        if (stack && stack.status !== 'DELETE_COMPLETE') {
          stack.status = 'DELETE_IN_PROGRESS';
          this.deleting.set(stack.name, stack.deleteTakes ?? 1);
        }
        return { status: 200, body: `<DeleteStackResponse xmlns="${NS}"><ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata></DeleteStackResponse>` };
      }
      case 'ListImports': {
        const importers = this.stacks.filter((s) => s.status !== 'DELETE_COMPLETE')
          .flatMap((s) => Object.entries(s.exports ?? {}).filter(([name]) => name === p.ExportName).flatMap(([, users]) => users))
          .filter((user) => this.stacks.some((s) => s.name === user && s.status !== 'DELETE_COMPLETE'));
        if (importers.length === 0) return this.error('ValidationError', `Export '${p.ExportName}' is not imported by any stack.`);
        return this.ok('ListImports', `<Imports>${importers.map((i) => `<member>${xml(i)}</member>`).join('')}</Imports>`);
      }
      default: return this.error('InvalidAction', `action ${p.Action} is not served here`);
    }
  }

  private member(s: LocalStack): string {
    const list = (name: string, items: string[]) => (items.length > 0 ? `<${name}>${items.map((i) => `<member>${i}</member>`).join('')}</${name}>` : '');
    const outputs = [
      ...Object.entries(s.outputs ?? {}).map(([k, v]) => `<OutputKey>${xml(k)}</OutputKey><OutputValue>${xml(v)}</OutputValue>`),
      ...Object.keys(s.exports ?? {}).map((e) => `<OutputKey>${xml(e.replace(/\W/g, ''))}</OutputKey><OutputValue>value</OutputValue><ExportName>${xml(e)}</ExportName>`),
    ];
    return '<member>' +
      `<StackName>${xml(s.name)}</StackName><StackId>${arnOf(s.name)}</StackId>` +
      `<CreationTime>${s.creationTime}</CreationTime>` +
      (s.lastUpdatedTime ? `<LastUpdatedTime>${s.lastUpdatedTime}</LastUpdatedTime>` : '') +
      `<StackStatus>${s.status}</StackStatus>` +
      (s.status === 'DELETE_FAILED' ? `<StackStatusReason>${xml(s.deleteFailsWith ?? 'failed')}</StackStatusReason>` : '') +
      `<EnableTerminationProtection>${s.terminationProtection ? 'true' : 'false'}</EnableTerminationProtection>` +
      (s.parentId ? `<ParentId>${s.parentId}</ParentId><RootId>${s.parentId}</RootId>` : '') +
      (s.roleArn ? `<RoleARN>${xml(s.roleArn)}</RoleARN>` : '') +
      list('Parameters', Object.entries(s.parameters ?? {}).map(([k, v]) => `<ParameterKey>${xml(k)}</ParameterKey><ParameterValue>${xml(v)}</ParameterValue>`)) +
      list('Capabilities', (s.capabilities ?? []).map(xml)) +
      list('Outputs', outputs) +
      list('Tags', Object.entries(s.tags).map(([k, v]) => `<Key>${xml(k)}</Key><Value>${xml(v)}</Value>`)) +
      '</member>';
  }

  private describeStacks(p: Record<string, string>): { status: number; body: string } {
    if (p.StackName) {
      const stack = this.find(p.StackName);
      if (!stack || (stack.status === 'DELETE_COMPLETE' && !p.StackName.startsWith('arn:'))) return this.error('ValidationError', `Stack with id ${p.StackName} does not exist`);
      this.advance(stack);
      return this.ok('DescribeStacks', `<Stacks>${this.member(stack)}</Stacks>`);
    }
    const visible = this.stacks.filter((s) => s.status !== 'DELETE_COMPLETE');
    const start = p.NextToken ? Number(Buffer.from(p.NextToken, 'base64').toString('utf-8').replace('offset:', '')) : 0;
    const page = visible.slice(start, start + this.pageSize);
    const next = start + this.pageSize < visible.length ? Buffer.from(`offset:${start + this.pageSize}`).toString('base64') : undefined;
    return this.ok('DescribeStacks', `<Stacks>${page.map((s) => this.member(s)).join('')}</Stacks>${next ? `<NextToken>${next}</NextToken>` : ''}`);
  }

  /** A deletion in progress finishes after its stack was described `deleteTakes` times. */
  private advance(stack: LocalStack): void {
    const left = this.deleting.get(stack.name);
    if (left === undefined) return;
    if (left > 1) {
      this.deleting.set(stack.name, left - 1);
      return;
    }
    this.deleting.delete(stack.name);
    stack.status = stack.deleteFailsWith ? 'DELETE_FAILED' : 'DELETE_COMPLETE';
  }
}
