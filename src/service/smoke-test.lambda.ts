/*
 * PavedRoadService's smoke test: an ECS deployment lifecycle hook (stage POST_TEST_TRAFFIC_SHIFT) that
 * requests one path of the new service revision through the test listener rule of the service's own
 * load balancer, before any production traffic moves to it, and answers ECS with a hookStatus.
 * Bundled at build time (projen + esbuild); no AWS SDK: it calls no AWS API, only the load balancer.
 *
 * The request/response contract is ECS's (developer guide, "Lifecycle hooks for Amazon ECS service
 * deployments" and "Lambda hooks for Amazon ECS service deployments"): the function returns
 * { hookStatus: SUCCEEDED | FAILED | IN_PROGRESS, callBackDelay?, hookDetails? }; IN_PROGRESS makes ECS
 * invoke it again after callBackDelay seconds with the returned hookDetails; an error or a missing
 * hookStatus rolls the deployment back.
 *
 * What it requests comes from its environment only (set by PavedRoadService at synth), never from the
 * event: whoever invokes it cannot point it at another host, path or method.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';

const NAMESPACE = 'PavedRoad/SmokeTest';
const SERVICE = 'smoke-test';

const logger = new Logger({ serviceName: SERVICE });
const metrics = new Metrics({ namespace: NAMESPACE, serviceName: SERVICE });
// Powertools adds a `service` dimension by default; the metrics are read by FunctionName alone.
metrics.clearDefaultDimensions();

/** What one smoke test requests and how often it tries. */
export interface SmokeTestConfig {
  /** `http(s)://<load balancer DNS name>:<listener port><path>`. */
  readonly url: string;
  /** The service's domain name: sent as Host and TLS server name, and the name the certificate must match. Unset: the certificate's chain is checked, its name is not (it cannot match the load balancer's DNS name). */
  readonly serverName?: string;
  /** The header (and value) the test listener rule matches. */
  readonly headerName: string;
  readonly headerValue: string;
  /** Attempts before the test fails (one per invocation; ECS invokes again after `retryDelaySeconds`). */
  readonly attempts: number;
  readonly retryDelaySeconds: number;
  /** Time one request may take, connection included. */
  readonly timeoutMs: number;
}

/** The outcome of one request: the status code, or why there is none. */
export interface RequestResult {
  readonly status?: number;
  readonly error?: string;
  readonly elapsedMs: number;
}

/** Sends the smoke-test request; tests pass their own. */
export type Requester = (config: SmokeTestConfig) => Promise<RequestResult>;

/** What ECS sends (only the fields this hook reads; see the lifecycle payload in the ECS developer guide). */
export interface HookEvent {
  readonly lifecycleStage?: string;
  readonly executionDetails?: { readonly serviceArn?: string; readonly targetServiceRevisionArn?: string };
  readonly serviceArn?: string;
  readonly targetServiceRevisionArn?: string;
  /** Passed back from the previous IN_PROGRESS answer: the attempts made so far. */
  readonly hookDetails?: { readonly attempt?: unknown };
}

/** ECS's lifecycle hook answer. */
export interface HookResponse {
  readonly hookStatus: 'SUCCEEDED' | 'FAILED' | 'IN_PROGRESS';
  readonly callBackDelay?: number;
  readonly hookDetails?: { readonly attempt: number };
}

/** Healthy answers, as the target group's health check counts them. */
export function passed(result: RequestResult): boolean {
  return result.status !== undefined && result.status >= 200 && result.status <= 399;
}

/** The attempts made before this invocation: a small non-negative integer from the previous answer, else 0. */
export function previousAttempts(event: HookEvent | undefined): number {
  const n = event?.hookDetails?.attempt;
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 && n < 1000 ? n : 0;
}

/**
 * One attempt: request, then SUCCEEDED on a 200-399 answer, IN_PROGRESS (ECS calls again) while
 * attempts are left, FAILED (ECS rolls back) after the last one.
 */
export async function smokeTest(
  event: HookEvent | undefined, config: SmokeTestConfig, request: Requester,
): Promise<{ response: HookResponse; result: RequestResult; attempt: number }> {
  const attempt = previousAttempts(event) + 1;
  const result = await request(config);
  if (passed(result)) return { response: { hookStatus: 'SUCCEEDED' }, result, attempt };
  if (attempt < config.attempts) {
    return { response: { hookStatus: 'IN_PROGRESS', callBackDelay: config.retryDelaySeconds, hookDetails: { attempt } }, result, attempt };
  }
  return { response: { hookStatus: 'FAILED' }, result, attempt };
}

/** A GET of `config.url` with the test header, no redirects followed, the body read and dropped. */
export const httpRequest: Requester = (config) => new Promise((resolve) => {
  const started = performance.now();
  const done = (r: Omit<RequestResult, 'elapsedMs'>) => resolve({ ...r, elapsedMs: Math.round(performance.now() - started) });
  let url: URL;
  try {
    url = new URL(config.url);
  } catch {
    done({ error: `not a URL: ${config.url}` });
    return;
  }
  const secure = url.protocol === 'https:';
  const headers: Record<string, string> = { 'user-agent': 'paved-road-smoke-test', [config.headerName]: config.headerValue };
  if (config.serverName) headers.host = config.serverName;
  const options: https.RequestOptions = {
    method: 'GET',
    hostname: url.hostname,
    port: url.port || (secure ? 443 : 80),
    path: `${url.pathname}${url.search}`,
    headers,
    timeout: config.timeoutMs,
    ...(secure ? {
      servername: config.serverName || undefined,
      // The chain is always verified; the name only when the service has a domain name to match.
      ...(config.serverName ? {} : { checkServerIdentity: () => undefined }),
    } : {}),
  };
  const req = (secure ? https : http).request(options, (res) => {
    res.resume();
    res.on('end', () => done({ status: res.statusCode }));
    res.on('error', (e) => done({ status: res.statusCode, error: e.message }));
  });
  req.on('timeout', () => req.destroy(new Error(`no answer within ${config.timeoutMs} ms`)));
  req.on('error', (e) => done({ error: e.message }));
  req.end();
});

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`environment variable ${name} is required`);
  return value;
}

function positiveIntEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  const n = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`environment variable ${name}=${JSON.stringify(raw)} is not a positive integer`);
  return n;
}

/** The configuration PavedRoadService put in the function's environment. */
export function configFromEnv(): SmokeTestConfig {
  return {
    url: requiredEnv('TEST_URL'),
    serverName: process.env.SERVER_NAME || undefined,
    headerName: requiredEnv('TEST_HEADER_NAME'),
    headerValue: requiredEnv('TEST_HEADER_VALUE'),
    attempts: positiveIntEnv('ATTEMPTS', 3),
    retryDelaySeconds: positiveIntEnv('RETRY_DELAY_SECONDS', 15),
    timeoutMs: positiveIntEnv('REQUEST_TIMEOUT_MS', 5000),
  };
}

/** Event: ECS's lifecycle payload; only `hookDetails.attempt` changes what the function does. */
export async function handler(event: HookEvent = {}): Promise<HookResponse> {
  const config = configFromEnv();
  const { response, result, attempt } = await smokeTest(event, config, httpRequest);
  const details = {
    lifecycleStage: event?.lifecycleStage,
    serviceArn: event?.executionDetails?.serviceArn ?? event?.serviceArn,
    targetServiceRevisionArn: event?.executionDetails?.targetServiceRevisionArn ?? event?.targetServiceRevisionArn,
    url: config.url,
    attempt,
    of: config.attempts,
    status: result.status,
    error: result.error,
    elapsedMs: result.elapsedMs,
    hookStatus: response.hookStatus,
  };
  if (response.hookStatus === 'SUCCEEDED') logger.info('smoke test passed', details);
  else logger.warn(response.hookStatus === 'FAILED' ? 'smoke test failed: ECS rolls the deployment back' : 'smoke test attempt failed: ECS calls again', details);

  metrics.addDimension('FunctionName', process.env.AWS_LAMBDA_FUNCTION_NAME ?? 'local');
  metrics.addMetric('SmokeTestAttempts', MetricUnit.Count, 1);
  metrics.addMetric('SmokeTestsPassed', MetricUnit.Count, response.hookStatus === 'SUCCEEDED' ? 1 : 0);
  metrics.addMetric('SmokeTestsFailed', MetricUnit.Count, response.hookStatus === 'FAILED' ? 1 : 0);
  metrics.addMetric('SmokeTestLatency', MetricUnit.Milliseconds, result.elapsedMs);
  metrics.publishStoredMetrics();
  return response;
}
