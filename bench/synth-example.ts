/**
 * One synthesis of the example platform app's environments (Dev and Prod stages: network, service,
 * database, cache, preview reaper and pull-request deliveries) in a fresh process; prints one JSON
 * line with the synth time and the process's peak memory. `bench/run.ts` calls it.
 *   ts-node bench/synth-example.ts [none|packs|full|guard]
 * none: no guardrails; packs: the profile's cdk-nag packs; full: packs, compliance reports and
 * cost estimate; guard: full plus the opt-in cfn-guard Control Tower checks.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { buildPlatformApp } from '../examples/platform-app';
import { PavedRoadGuardrails } from '../src';

const mode = process.argv[2] ?? 'packs';
const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'paved-road-bench-'));
const start = process.hrtime.bigint();
const app = new App({ outdir, context: { 'paved-road:owner': 'team-bench', 'paved-road:cost-center': 'cc-1' } });
buildPlatformApp(app);
if (mode === 'packs') PavedRoadGuardrails.enforce(app);
if (mode === 'full' || mode === 'guard') {
  PavedRoadGuardrails.enforce(app, { report: true, cost: { estimate: true, printTable: false }, requireCostCenter: true, guard: mode === 'guard' });
}
app.synth();
const ms = Number(process.hrtime.bigint() - start) / 1e6;
fs.rmSync(outdir, { recursive: true, force: true });
console.log(JSON.stringify({ mode, ms, maxRssMiB: process.resourceUsage().maxRSS / 1024 }));
