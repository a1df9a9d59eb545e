/**
 * One synthesis of the example platform app in a fresh process; prints one JSON line with the
 * synth time and the process's peak memory. `bench/run.ts` calls it; run it alone to profile.
 *   ts-node bench/synth-example.ts [--no-guardrails]
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { buildPlatformApp } from '../examples/platform-app';
import { PavedRoadGuardrails } from '../src';

const guardrails = !process.argv.includes('--no-guardrails');
const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'paved-road-bench-'));
const start = process.hrtime.bigint();
const app = new App({ outdir, context: { 'paved-road:owner': 'team-bench' } });
buildPlatformApp(app);
if (guardrails) PavedRoadGuardrails.enforce(app);
app.synth();
const ms = Number(process.hrtime.bigint() - start) / 1e6;
fs.rmSync(outdir, { recursive: true, force: true });
console.log(JSON.stringify({ guardrails, ms, maxRssMiB: process.resourceUsage().maxRSS / 1024 }));
