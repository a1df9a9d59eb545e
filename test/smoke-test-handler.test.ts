/*
 * The smoke-test hook's handler (src/service/smoke-test.lambda.ts): the answers ECS expects, the retry
 * through IN_PROGRESS, and the request it sends, against a real local HTTP server. It calls no AWS API,
 * so there is no SDK client to mock: the requester is the one dependency, passed in.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as https from 'https';
import { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import {
  configFromEnv, handler, HookEvent, httpRequest, passed, previousAttempts, RequestResult, smokeTest, SmokeTestConfig,
} from '../src/service/smoke-test.lambda';

const CONFIG: SmokeTestConfig = {
  url: 'http://lb.example.internal:80/health',
  headerName: 'x-paved-road-test-traffic',
  headerValue: 'c8aa5d0e1b',
  attempts: 3,
  retryDelaySeconds: 15,
  timeoutMs: 500,
};
const answering = (result: Omit<RequestResult, 'elapsedMs'>) => jest.fn(async () => ({ ...result, elapsedMs: 3 }));
/** ECS's payload for the stage the hook runs at (lifecycle payloads in the ECS developer guide). */
const payload = (hookDetails?: HookEvent['hookDetails']): HookEvent => ({
  lifecycleStage: 'POST_TEST_TRAFFIC_SHIFT',
  executionDetails: {
    serviceArn: 'arn:aws:ecs:us-east-1:123456789012:service/cluster/api',
    targetServiceRevisionArn: 'arn:aws:ecs:us-east-1:123456789012:service-revision/cluster/api/01275892',
  },
  ...(hookDetails ? { hookDetails } : {}),
});

describe('smokeTest: the answer ECS gets', () => {
  test.each([200, 204, 301, 399])('a %d answer (healthy, as the target group counts it) SUCCEEDS', async (status) => {
    const { response } = await smokeTest(payload(), CONFIG, answering({ status }));
    expect(response).toEqual({ hookStatus: 'SUCCEEDED' });
  });

  test.each([
    ['a 500', { status: 500 }],
    ['a 404', { status: 404 }],
    ['a 199', { status: 199 }],
    ['no answer', { error: 'connect ECONNREFUSED' }],
  ])('%s asks ECS to call again with the attempt counted, then FAILS after the last attempt', async (_label, result) => {
    const request = answering(result);
    const first = await smokeTest(payload(), CONFIG, request);
    expect(first.response).toEqual({ hookStatus: 'IN_PROGRESS', callBackDelay: 15, hookDetails: { attempt: 1 } });
    const second = await smokeTest(payload(first.response.hookDetails), CONFIG, request);
    expect(second.response).toEqual({ hookStatus: 'IN_PROGRESS', callBackDelay: 15, hookDetails: { attempt: 2 } });
    const third = await smokeTest(payload(second.response.hookDetails), CONFIG, request);
    expect(third.response).toEqual({ hookStatus: 'FAILED' });
    expect(request).toHaveBeenCalledTimes(3);
  });

  test('a pass on a later attempt SUCCEEDS', async () => {
    const { response, attempt } = await smokeTest(payload({ attempt: 2 }), CONFIG, answering({ status: 200 }));
    expect(response).toEqual({ hookStatus: 'SUCCEEDED' });
    expect(attempt).toBe(3);
  });

  test('one attempt allowed: the first failure FAILS', async () => {
    expect((await smokeTest(payload(), { ...CONFIG, attempts: 1 }, answering({ status: 503 }))).response).toEqual({ hookStatus: 'FAILED' });
  });

  test.each([
    ['missing', 0, undefined],
    ['a string', 0, { attempt: '2' }],
    ['negative', 0, { attempt: -1 }],
    ['fractional', 0, { attempt: 1.5 }],
    ['absurdly large', 0, { attempt: 1e9 }],
    ['a count', 2, { attempt: 2 }],
  ])('hookDetails.attempt %s reads as %p attempts so far', (_label, expected, details) => {
    expect(previousAttempts(payload(details as HookEvent['hookDetails']))).toBe(expected);
    expect(previousAttempts(undefined)).toBe(0);
  });

  test('the event cannot change what is requested: the requester gets the configuration alone', async () => {
    const request = answering({ status: 200 });
    const event = { ...payload(), url: 'http://169.254.169.254/latest/meta-data/', headers: { host: 'evil.example' } } as HookEvent;
    await smokeTest(event, CONFIG, request);
    expect(request).toHaveBeenCalledWith(CONFIG);
  });

  test('passed() counts 200 to 399 as healthy and nothing without a status', () => {
    expect(passed({ status: 200, elapsedMs: 1 })).toBe(true);
    expect(passed({ status: 400, elapsedMs: 1 })).toBe(false);
    expect(passed({ error: 'timeout', elapsedMs: 1 })).toBe(false);
  });
});

describe('httpRequest against a local server', () => {
  let server: http.Server;
  let base: string;
  const seen: http.IncomingHttpHeaders[] = [];
  const paths: string[] = [];
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      seen.push(req.headers);
      paths.push(req.url ?? '');
      if (req.url?.startsWith('/slow')) return; // never answers
      if (req.url?.startsWith('/redirect')) {
        res.writeHead(302, { location: '/elsewhere' }).end();
        return;
      }
      res.writeHead(req.url?.startsWith('/broken') ? 500 : 200).end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  test('sends a GET of the path and query with the test header (what the test listener rule matches)', async () => {
    const result = await httpRequest({ ...CONFIG, url: `${base}/health?deep=1` });
    expect(result.status).toBe(200);
    expect(paths[paths.length - 1]).toBe('/health?deep=1');
    expect(seen[seen.length - 1]).toMatchObject({ 'x-paved-road-test-traffic': 'c8aa5d0e1b', 'user-agent': 'paved-road-smoke-test' });
  });

  test('sends the domain name as Host when the service has one', async () => {
    await httpRequest({ ...CONFIG, url: `${base}/health`, serverName: 'api.example.com' });
    expect(seen[seen.length - 1].host).toBe('api.example.com');
  });

  test('reports the status of a failing revision', async () => {
    expect((await httpRequest({ ...CONFIG, url: `${base}/broken` })).status).toBe(500);
  });

  test('does not follow a redirect (a 3xx is healthy, as for the target group)', async () => {
    const before = paths.length;
    expect((await httpRequest({ ...CONFIG, url: `${base}/redirect` })).status).toBe(302);
    expect(paths.length).toBe(before + 1);
  });

  test('gives up after the timeout', async () => {
    const result = await httpRequest({ ...CONFIG, url: `${base}/slow`, timeoutMs: 200 });
    expect(result.status).toBeUndefined();
    expect(result.error).toMatch(/no answer within 200 ms/);
  });

  test('reports a refused connection and an unusable URL as errors', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    expect((await httpRequest({ ...CONFIG, url: `http://127.0.0.1:${port}/health` })).error).toMatch(/ECONNREFUSED/);
    expect((await httpRequest({ ...CONFIG, url: 'not a url' })).error).toMatch(/not a URL/);
  });
});

/** openssl, when the machine has it: the HTTPS tests need a certificate. */
const hasOpenssl = (() => {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

(hasOpenssl ? describe : describe.skip)('httpRequest over HTTPS', () => {
  let server: https.Server;
  let port: number;
  beforeAll(async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'smoke-test-tls-'));
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=api.example.com',
      '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem')], { stdio: 'ignore' });
    server = https.createServer({ key: fs.readFileSync(path.join(dir, 'key.pem')), cert: fs.readFileSync(path.join(dir, 'cert.pem')) },
      (_req, res) => res.writeHead(200).end('ok'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
    fs.rmSync(dir, { recursive: true, force: true });
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  test.each([
    ['with the domain name', 'api.example.com'],
    ['without a domain name (only the chain can be checked)', undefined],
  ])('verifies the certificate chain %s: an untrusted certificate fails the smoke test', async (_label, serverName) => {
    const result = await httpRequest({ ...CONFIG, url: `https://127.0.0.1:${port}/health`, serverName });
    expect(result.status).toBeUndefined();
    expect(result.error).toMatch(/self[- ]signed/i);
  });
});

describe('handler', () => {
  let server: http.Server;
  let port: number;
  const saved = { ...process.env };
  beforeAll(async () => {
    server = http.createServer((req, res) => res.writeHead(req.headers['x-paved-road-test-traffic'] === 'token' ? 200 : 404).end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    process.env = saved;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  const env = (overrides: Record<string, string | undefined> = {}) => {
    process.env = {
      ...saved,
      TEST_URL: `http://127.0.0.1:${port}/health`,
      TEST_HEADER_NAME: 'x-paved-road-test-traffic',
      TEST_HEADER_VALUE: 'token',
      ATTEMPTS: '2',
      RETRY_DELAY_SECONDS: '20',
      REQUEST_TIMEOUT_MS: '1000',
      POWERTOOLS_DEV: 'true',
      ...overrides,
    };
  };

  test('answers SUCCEEDED when the new revision answers through the test rule (the header matched)', async () => {
    env();
    const log = jest.spyOn(console, 'info').mockImplementation(() => undefined);
    try {
      await expect(handler(payload())).resolves.toEqual({ hookStatus: 'SUCCEEDED' });
    } finally {
      log.mockRestore();
    }
  });

  test('answers IN_PROGRESS, then FAILED, when it does not', async () => {
    env({ TEST_HEADER_VALUE: 'wrong' });
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      const first = await handler(payload());
      expect(first).toEqual({ hookStatus: 'IN_PROGRESS', callBackDelay: 20, hookDetails: { attempt: 1 } });
      await expect(handler(payload(first.hookDetails))).resolves.toEqual({ hookStatus: 'FAILED' });
    } finally {
      warn.mockRestore();
      log.mockRestore();
    }
  });

  test('reads its configuration from the environment, and refuses a broken one (the invocation fails: ECS rolls back)', async () => {
    env({ SERVER_NAME: 'api.example.com' });
    expect(configFromEnv()).toEqual({
      url: `http://127.0.0.1:${port}/health`,
      serverName: 'api.example.com',
      headerName: 'x-paved-road-test-traffic',
      headerValue: 'token',
      attempts: 2,
      retryDelaySeconds: 20,
      timeoutMs: 1000,
    });
    env({ TEST_URL: undefined });
    expect(() => configFromEnv()).toThrow(/TEST_URL is required/);
    env({ ATTEMPTS: '0' });
    expect(() => configFromEnv()).toThrow(/ATTEMPTS="0" is not a positive integer/);
    env({ ATTEMPTS: undefined, RETRY_DELAY_SECONDS: undefined, REQUEST_TIMEOUT_MS: undefined });
    expect(configFromEnv()).toMatchObject({ attempts: 3, retryDelaySeconds: 15, timeoutMs: 5000, serverName: undefined });
    await expect(handler(payload())).resolves.toBeDefined();
  });
});
