/* eslint-disable no-console */
/**
 * Benchmark of PavedRoadService (prints figures, asserts nothing):
 *  - resources each extra service adds to a template when the network and cluster are shared
 *    (target: at most 40, so 10+ services fit under CloudFormation's 500-resource limit);
 *  - synth time of 10 services with all guardrails (the four cdk-nag packs, strict) as a ratio to
 *    10 bare aws-cdk-lib ApplicationLoadBalancedFargateService in the same process (target: at most 2.0).
 *    For scale it also prints the bare pattern under cdk-nag's own packs, the same checks without
 *    PavedRoadService, and the resources each app synthesizes.
 *
 * Run: TS_NODE_TRANSPILE_ONLY=1 npx ts-node --project tsconfig.dev.json bench/service.ts
 */
import { performance } from 'perf_hooks';
import { App, Aspects, Stack } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as ecsPatterns from 'aws-cdk-lib/aws-ecs-patterns';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import { CompliancePack, PavedRoadGuardrails, PavedRoadNetwork, PavedRoadService, Profile } from '../src';

const ENV = { account: '123456789012', region: 'us-east-1' };
const IMAGE = ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable');
const ALL_PACKS = [CompliancePack.AWS_SOLUTIONS, CompliancePack.NIST_800_53_R5, CompliancePack.HIPAA_SECURITY, CompliancePack.PCI_DSS_321];
const CERT_ARN = 'arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555';

/** none: no guardrails; profile: the profile's packs; all: every pack, strict. */
type Guardrails = 'none' | 'profile' | 'all';

function pavedApp(profile: Profile, services: number, guardrails: Guardrails): { app: App; stack: Stack } {
  const app = new App({ context: { 'paved-road:owner': 'team-bench', 'paved-road:profile': profile } });
  const stack = new Stack(app, 'Bench', { env: ENV });
  const network = new PavedRoadNetwork(stack, 'Network');
  const certificate = profile === Profile.PROD ? acm.Certificate.fromCertificateArn(stack, 'Certificate', CERT_ARN) : undefined;
  for (let i = 0; i < services; i++) new PavedRoadService(stack, `Service${i}`, { network, image: IMAGE, certificate });
  if (guardrails === 'all') PavedRoadGuardrails.enforce(app, { packs: ALL_PACKS, strict: true });
  if (guardrails === 'profile') PavedRoadGuardrails.enforce(app);
  return { app, stack };
}

/** none: no checks; solutions: cdk-nag's AwsSolutions pack (what the dev profile runs); all: cdk-nag's four packs. */
type BareChecks = 'none' | 'solutions' | 'all';

function bareApp(services: number, checks: BareChecks = 'none'): App {
  const app = new App();
  const props = { reports: false };
  if (checks !== 'none') Aspects.of(app).add(new AwsSolutionsChecks(props));
  if (checks === 'all') [new NIST80053R5Checks(props), new HIPAASecurityChecks(props), new PCIDSS321Checks(props)].forEach((p) => Aspects.of(app).add(p));
  const stack = new Stack(app, 'Bench', { env: ENV });
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
  const cluster = new ecs.Cluster(stack, 'Cluster', { vpc });
  for (let i = 0; i < services; i++) {
    new ecsPatterns.ApplicationLoadBalancedFargateService(stack, `Service${i}`, {
      cluster, taskImageOptions: { image: IMAGE, containerPort: 8080 }, minHealthyPercent: 50,
    });
  }
  return app;
}

function resourceCount(app: App, stack: Stack): number {
  const template = app.synth().getStackByName(stack.stackName).template;
  return Object.keys(template.Resources).length;
}

function timeMs(build: () => App): number {
  const start = performance.now();
  build().synth();
  return performance.now() - start;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

console.log('PavedRoadService benchmark');
console.log('\nResources per extra service (network and cluster shared; target <= 40):');
for (const profile of Object.values(Profile)) {
  const one = pavedApp(profile, 1, 'none');
  const eleven = pavedApp(profile, 11, 'none');
  const base = resourceCount(one.app, one.stack);
  const many = resourceCount(eleven.app, eleven.stack);
  const perService = (many - base) / 10;
  console.log(`  ${profile.padEnd(8)} ${perService.toFixed(1)} per service (1 service: ${base} resources with the network; 11 services: ${many}; services in a 500-resource stack: ${Math.floor((500 - (base - perService)) / perService)})`);
}

const SERVICES = 10;
const RUNS = Number(process.env.BENCH_RUNS ?? 9);
// Warm up every path (module loading, JIT) before measuring.
timeMs(() => bareApp(1, 'all'));
timeMs(() => pavedApp(Profile.DEV, 1, 'all').app);
const variants: Array<[string, () => App]> = [
  ['bare ApplicationLoadBalancedFargateService', () => bareApp(SERVICES)],
  ['  + cdk-nag AwsSolutions', () => bareApp(SERVICES, 'solutions')],
  ['  + cdk-nag AwsSolutions, NIST, HIPAA, PCI', () => bareApp(SERVICES, 'all')],
  ['PavedRoadService, no guardrails', () => pavedApp(Profile.DEV, SERVICES, 'none').app],
  ["PavedRoadService, the dev profile's guardrails", () => pavedApp(Profile.DEV, SERVICES, 'profile').app],
  ['PavedRoadService, all guardrails (every pack, strict)', () => pavedApp(Profile.DEV, SERVICES, 'all').app],
];
const times: number[][] = variants.map(() => []);
for (let i = 0; i < RUNS; i++) {
  // Interleaved, so load from other processes on the machine hits every variant alike.
  variants.forEach(([, build], v) => times[v].push(timeMs(build)));
}
const ms = variants.map((_, v) => median(times[v]));
const bareBuilt = bareApp(SERVICES);
const bareResources = resourceCount(bareBuilt, bareBuilt.node.findChild('Bench') as Stack);
const pavedBuilt = pavedApp(Profile.DEV, SERVICES, 'none');
const pavedResources = resourceCount(pavedBuilt.app, pavedBuilt.stack);
console.log(`\nSynth time (construction + app.synth()) of ${SERVICES} services, median of ${RUNS} interleaved runs; ratio to bare (target for all guardrails <= 2.0):`);
variants.forEach(([label], v) => {
  console.log(`  ${label.padEnd(55)} ${ms[v].toFixed(0).padStart(6)} ms   ratio ${(ms[v] / ms[0]).toFixed(2)}`);
});
console.log(`\nFor scale: the bare app has ${bareResources} resources, the paved one ${pavedResources} (${(pavedResources / bareResources).toFixed(2)}x);`);
console.log(`  per resource, paved without guardrails costs ${((ms[3] / pavedResources) / (ms[0] / bareResources)).toFixed(2)}x the bare pattern;`);
console.log(`  paved with the dev guardrails vs bare with AwsSolutions: ${(ms[4] / ms[1]).toFixed(2)}x; all packs vs all packs: ${(ms[5] / ms[2]).toFixed(2)}x.`);
