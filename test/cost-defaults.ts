/**
 * The default environment of each profile, and what the estimator says it costs: the README's cost
 * table is rendered from these estimates (`npx projen readme:tables`), and test/cost-defaults.test.ts
 * fails when the README and the estimates differ.
 *
 * dev, staging and prod: a PavedRoadNetwork, a PavedRoadService (prod with a certificate), a
 * PavedRoadDatabase (PostgreSQL) and a PavedRoadCache, each with its defaults, in one us-east-1 stack.
 * preview: the service, database and cache of a PreviewEnvironment with its default TTL on the shared
 * dev network (looked up), which the preview does not pay for.
 */
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { devNetworkLookups } from './network-lookups';
import {
  CostEstimator, DefaultsVersions, PavedRoadCache, PavedRoadDatabase, PavedRoadNetwork, PavedRoadService, PreviewEnvironment, Profile,
  StackCostEstimate,
} from '../src';
import { pinClock, resetClock } from '../src/core/clock';

const ENV = { account: '123456789012', region: 'us-east-1' };
const IMAGE = 'public.ecr.aws/nginx/nginx:latest';
const CERTIFICATE_ARN = 'arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555';
const NETWORK_PREFIX = '/paved-road/dev/network';
/** Profiles in the table's order. */
export const COST_PROFILES = [Profile.DEV, Profile.STAGING, Profile.PROD, Profile.PREVIEW] as const;
/** Construct paths in the template's metadata, so that the table names cost drivers by construct. */
const PATH_METADATA = { 'aws:cdk:enable-path-metadata': true };
/** A new app's defaults: `paved-road init` and the quick start pin the newest defaults version. */
const PINNED = { 'paved-road:defaults-version': DefaultsVersions.LATEST };

/** A default estimate and the construct path of the stack it estimates. */
export interface DefaultCost {
  readonly estimate: StackCostEstimate;
  readonly stackPath: string;
}

function estimate(stack: Stack, ttlHours?: number): DefaultCost {
  const template = Template.fromStack(stack).toJSON();
  const options = { stackName: stack.stackName, region: ENV.region, ttlHours };
  return { estimate: CostEstimator.estimateTemplate(template, options), stackPath: stack.node.path };
}

function environment(profile: Profile): DefaultCost {
  const app = new App({ context: { 'paved-road:owner': 'team-checkout', ...PINNED, ...PATH_METADATA } });
  const stack = new Stack(app, `Checkout-${profile}`, { env: ENV });
  const network = new PavedRoadNetwork(stack, 'Network', { profile });
  const certificate = profile === Profile.PROD ? acm.Certificate.fromCertificateArn(stack, 'Certificate', CERTIFICATE_ARN) : undefined;
  new PavedRoadService(stack, 'Api', { network, image: ecs.ContainerImage.fromRegistry(IMAGE), profile, certificate });
  new PavedRoadDatabase(stack, 'Database', { network, profile });
  new PavedRoadCache(stack, 'Cache', { network, profile });
  return estimate(stack);
}

function preview(): DefaultCost {
  const app = new App({ context: { 'paved-road:owner': 'team-checkout', ...PINNED, ...PATH_METADATA, ...devNetworkLookups(NETWORK_PREFIX) } });
  const environmentOfPreview = new PreviewEnvironment(app, 'Preview', { branch: 'main', env: ENV, networkParameterPrefix: NETWORK_PREFIX });
  const stack = environmentOfPreview.addStack('Checkout');
  const network = environmentOfPreview.networkFor(stack);
  new PavedRoadService(stack, 'Api', { network, image: ecs.ContainerImage.fromRegistry(IMAGE) });
  new PavedRoadDatabase(stack, 'Database', { network });
  new PavedRoadCache(stack, 'Cache', { network });
  return estimate(stack, environmentOfPreview.ttl.toHours());
}

/** The estimate of each profile's default environment (synthesizes four apps). */
export function defaultCosts(): Record<(typeof COST_PROFILES)[number], DefaultCost> {
  // A preview's expiry is read from the clock; the estimate does not depend on it, the synthesis does.
  pinClock(new Date('2026-11-22T00:00:00Z'));
  try {
    return {
      [Profile.DEV]: environment(Profile.DEV),
      [Profile.STAGING]: environment(Profile.STAGING),
      [Profile.PROD]: environment(Profile.PROD),
      [Profile.PREVIEW]: preview(),
    };
  } finally {
    resetClock();
  }
}

/** `$1,234.50`. */
const usd = (x: number) => `$${x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

/** How many cost drivers each row names. */
const DRIVERS = 3;

/** A line's construct path below its stack, without the trailing `/Resource`. */
function where(path: string | undefined, stackPath: string, logicalId: string): string {
  if (path === undefined) return logicalId;
  return path.slice(stackPath.length + 1).replace(/\/Resource$/, '');
}

/** The README's table: per profile the estimate (per month; per day for previews) and its biggest cost drivers. */
export function renderCostTable(costs = defaultCosts()): string {
  const rows = COST_PROFILES.map((profile) => {
    const { estimate: e, stackPath } = costs[profile];
    const daily = profile === Profile.PREVIEW;
    const figure = daily ? `${usd(e.dailyUsd ?? 0)} per day (${usd(e.totalMonthlyUsd)} per month)` : `${usd(e.totalMonthlyUsd)} per month`;
    const drivers = e.lines.filter((l) => l.monthlyUsd > 0).slice(0, DRIVERS)
      .map((l) => `\`${where(l.constructPath, stackPath, l.logicalId)}\` ${usd(l.monthlyUsd)}`).join(', ');
    return `| ${profile} | ${figure} | ${drivers} |`;
  });
  return ['| profile | estimate | biggest cost drivers (per month) |', '| --- | --- | --- |', ...rows].join('\n');
}
