/*
 * Just enough of npm's semver to compare installed versions with peer and engine ranges: `^`, `~`, `>=`, `>`,
 * `<=`, `<`, `=`, exact and partial versions (`20`, `2.x`), comparator sets joined by spaces (and) and `||` (or).
 * Pre-release tags are ignored. (The CLI bundles no semver package: the forms above are all the library's
 * package.json and aws-cdk-lib's engines use.)
 */
import * as fs from 'fs';
import * as path from 'path';

type Triple = [number, number, number];

/** `2.257.0` -> [2, 257, 0]; undefined when it is not a version. */
export function parseVersion(v: string): Triple | undefined {
  const m = /^v?(\d+)\.(\d+)\.(\d+)/.exec(v.trim());
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

function compare(a: Triple, b: Triple): number {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

/** A partial version: its numbers and how many were given (`2.x` -> [2, 0, 0], 1). */
function partial(v: string): { t: Triple; given: number } | undefined {
  const parts = v.replace(/^v/, '').split('.');
  const nums: number[] = [];
  for (const p of parts.slice(0, 3)) {
    if (/^(x|X|\*)$/.test(p)) break;
    const n = /^(\d+)/.exec(p);
    if (!n) return undefined;
    nums.push(Number(n[1]));
  }
  return { t: [nums[0] ?? 0, nums[1] ?? 0, nums[2] ?? 0], given: nums.length };
}

function bump(t: Triple, index: number): Triple {
  const r: Triple = [...t];
  r[index]++;
  for (let i = index + 1; i < 3; i++) r[i] = 0;
  return r;
}

/** One comparator (`^2.257.0`, `>=18`) as a test of a version. */
function comparator(c: string): ((v: Triple) => boolean) | undefined {
  const m = /^(\^|~|>=|<=|>|<|=)?\s*(.+)$/.exec(c);
  if (!m) return undefined;
  const p = partial(m[2]);
  if (!p) return undefined;
  const { t, given } = p;
  switch (m[1]) {
    case '^': {
      const index = t[0] > 0 || given === 1 ? 0 : t[1] > 0 || given === 2 ? 1 : 2;
      return (v) => compare(v, t) >= 0 && compare(v, bump(t, index)) < 0;
    }
    case '~': return (v) => compare(v, t) >= 0 && compare(v, bump(t, given >= 2 ? 1 : 0)) < 0;
    case '>=': return (v) => compare(v, t) >= 0;
    case '>': return given === 3 ? (v) => compare(v, t) > 0 : (v) => compare(v, bump(t, given - 1)) >= 0;
    case '<': return (v) => compare(v, t) < 0;
    case '<=': return given === 3 ? (v) => compare(v, t) <= 0 : (v) => compare(v, bump(t, given - 1)) < 0;
    default:
      if (given === 3) return (v) => compare(v, t) === 0;
      return given === 0 ? () => true : (v) => compare(v, t) >= 0 && compare(v, bump(t, given - 1)) < 0;
  }
}

/** Whether `version` is in `range`; undefined when either cannot be read. */
export function satisfies(version: string, range: string): boolean | undefined {
  const v = parseVersion(version);
  if (!v) return undefined;
  const alternatives = range.split('||').map((alt) => alt.trim().replace(/(>=|<=|>|<|=|\^|~)\s+/g, '$1').split(/\s+/).filter(Boolean));
  let readable = false;
  for (const set of alternatives) {
    const tests = set.map(comparator);
    if (tests.some((t) => t === undefined)) continue;
    readable = true;
    if (tests.every((t) => t!(v))) return true;
  }
  return readable ? false : undefined;
}

/** The major of a version or of a range's first number. */
export function majorOf(versionOrRange: string): number | undefined {
  const m = /(\d+)/.exec(versionOrRange);
  return m ? Number(m[1]) : undefined;
}

/** package.json of `name` as installed for a project in `dir` (node_modules of `dir` or a folder above). */
export function installedPackage(dir: string, name: string): { version: string; engines?: Record<string, string>; file: string } | undefined {
  let current = dir;
  for (;;) {
    const file = path.join(current, 'node_modules', name, 'package.json');
    if (fs.existsSync(file)) {
      const pkg = JSON.parse(fs.readFileSync(file, 'utf-8'));
      return { version: String(pkg.version), engines: pkg.engines, file };
    }
    const parent = path.dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
}
