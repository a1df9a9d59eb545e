/**
 * `npm run bench`: prints figures, asserts nothing. Each measurement runs in a fresh process so
 * module loading and peak memory are those a `cdk synth` pays.
 *
 * Targets stated by the issues (checked by reading, not by a test):
 * - guardrails overhead on the example app: synth time ratio with/without guardrails ≤ 1.5
 * - whole `npm test`: under 5 minutes on the 2-core machine
 * - per-construct benchmarks (bench/<name>.ts) print their own targets.
 *
 * Environment: BENCH_RUNS (default 5), BENCH_SKIP_TEST=1 skips timing `npm test`.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const root = path.join(__dirname, '..');
const runs = Number(process.env.BENCH_RUNS ?? 5);
const tsNode = [require.resolve('ts-node/dist/bin'), '--project', path.join(root, 'tsconfig.dev.json')];
const env = { ...process.env, TS_NODE_TRANSPILE_ONLY: '1' };

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function synthRuns(extra: string[]): { ms: number; maxRssMiB: number } {
  const results = [];
  for (let i = 0; i < runs; i++) {
    const out = execFileSync(process.execPath, [...tsNode, path.join(__dirname, 'synth-example.ts'), ...extra], { cwd: root, env, encoding: 'utf-8' });
    results.push(JSON.parse(out.trim().split('\n').pop()!));
  }
  return { ms: median(results.map((r) => r.ms)), maxRssMiB: Math.max(...results.map((r) => r.maxRssMiB)) };
}

console.log(`paved-road-constructs benchmarks (${runs} runs each, median; node ${process.version}, ${os.cpus().length} cores)\n`);

const bare = synthRuns(['none']);
const packs = synthRuns(['packs']);
const full = synthRuns(['full']);
const guard = synthRuns(['guard']);
const line = (label: string, r: { ms: number; maxRssMiB: number }) =>
  console.log(`  ${label.padEnd(44)} ${r.ms.toFixed(0).padStart(6)} ms  ratio ${(r.ms / bare.ms).toFixed(2)}  peak RSS ${r.maxRssMiB.toFixed(0)} MiB`);
console.log('example app environments (examples/platform-app.ts: Dev and Prod stages), synth time');
line('without guardrails', bare);
line('with the profiles\' cdk-nag packs', packs);
line('full set (packs, reports, cost estimate)', full);
line('full set + opt-in cfn-guard', guard);
console.log('  target: full set <= 1.5x without guardrails (cfn-guard is opt-in and runs an external binary)\n');

for (const script of fs.readdirSync(__dirname).filter((f) => f.endsWith('.ts') && !['run.ts', 'synth-example.ts'].includes(f)).sort()) {
  console.log(`bench/${script}`);
  const r = spawnSync(process.execPath, [...tsNode, path.join(__dirname, script)], { cwd: root, env, encoding: 'utf-8' });
  process.stdout.write((r.stdout ?? '').replace(/^/gm, '  '));
  if (r.status !== 0) console.log(`  (failed with exit code ${r.status}: ${(r.stderr ?? '').split('\n').slice(-5).join(' ')})`);
  console.log();
}

if (process.env.BENCH_SKIP_TEST !== '1') {
  const start = performance.now();
  const r = spawnSync('npx', ['projen', 'test'], { cwd: root, env: process.env, encoding: 'utf-8' });
  const s = (performance.now() - start) / 1000;
  console.log(`npm test: ${s.toFixed(0)} s (${r.status === 0 ? 'passed' : `failed, exit ${r.status}`}; target < 300 s)`);
}
