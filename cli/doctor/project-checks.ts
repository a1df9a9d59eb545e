/*
 * Doctor's checks that need no AWS: Node and package versions against the library's ranges, cdk.json and its
 * context, and the environments of prod networks in the last cloud assembly.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { installedPackage, majorOf, parseVersion, satisfies } from './versions';
import { ContextKeys } from '../../src/core/context';
import { readAssembly } from '../check/assembly';
import { compareDefaultsVersions, DEFAULTS_VERSION, DEFAULTS_VERSION_CONTEXT, knownDefaultsVersions } from '../defaults-version';
import { PLACEHOLDER } from '../init/settings';
import { LIBRARY_NAME, LibraryFacts, MIN_NODE_MAJOR } from '../library';

export type CheckStatus = 'ok' | 'warn' | 'fail' | 'skip';

export interface DoctorCheck {
  readonly check: string;
  readonly status: CheckStatus;
  readonly detail: string;
  /** What to do about it. */
  readonly fix?: string;
}

const PROFILES = ['dev', 'staging', 'prod', 'preview'];
const PACKS = ['aws-solutions', 'nist-800-53-r5', 'hipaa-security', 'pci-dss-321', 'paved-road'];

export function nodeCheck(nodeVersion: string, library: LibraryFacts, cwd: string): DoctorCheck[] {
  const range = library.nodeRange ?? `>=${MIN_NODE_MAJOR}.0.0`;
  const checks: DoctorCheck[] = [];
  const ok = satisfies(nodeVersion, range);
  checks.push(ok === false
    ? { check: 'node', status: 'fail', detail: `Node.js ${nodeVersion} is outside ${range} (${LIBRARY_NAME})`, fix: `install Node.js ${MIN_NODE_MAJOR} or newer` }
    : { check: 'node', status: 'ok', detail: `Node.js ${nodeVersion} (${LIBRARY_NAME} needs ${range})` });
  const cdkEngines = installedPackage(cwd, 'aws-cdk-lib')?.engines?.node;
  if (cdkEngines && satisfies(nodeVersion, cdkEngines) === false) {
    checks.push({ check: 'node', status: 'fail', detail: `Node.js ${nodeVersion} is outside aws-cdk-lib's engines ${cdkEngines}`, fix: 'install a Node.js version aws-cdk-lib supports' });
  }
  return checks;
}

/** Installed versions: the project's node_modules, or pip's for a Python app (requirements.txt, no package.json). */
function installedVersions(cwd: string): { versions: Record<string, string | undefined>; where: string } | undefined {
  const names = ['aws-cdk-lib', 'constructs', 'cdk-nag', LIBRARY_NAME];
  if (fs.existsSync(path.join(cwd, 'package.json')) || !fs.existsSync(path.join(cwd, 'requirements.txt'))) {
    return { versions: Object.fromEntries(names.map((n) => [n, installedPackage(cwd, n)?.version])), where: 'node_modules' };
  }
  const script = `import importlib.metadata as m, json\nout = {}\nfor n in ${JSON.stringify(names)}:\n    try: out[n] = m.version(n)\n    except Exception: out[n] = None\nprint(json.dumps(out))`;
  const r = spawnSync('python3', ['-c', script], { cwd, encoding: 'utf-8' });
  if (r.status !== 0) return undefined;
  try {
    return { versions: JSON.parse(r.stdout), where: 'the python3 environment' };
  } catch {
    return undefined;
  }
}

export function packageChecks(cwd: string, library: LibraryFacts): DoctorCheck[] {
  const installed = installedVersions(cwd);
  if (!installed) return [{ check: 'packages', status: 'skip', detail: 'python3 could not report the installed packages', fix: 'activate the app\'s virtual environment' }];
  const checks: DoctorCheck[] = [];
  const install = installed.where === 'node_modules' ? 'npm install' : 'pip install -r requirements.txt';
  for (const [name, range] of Object.entries(library.peerDependencies)) {
    const version = installed.versions[name] ?? undefined;
    if (!version) {
      checks.push({ check: name, status: 'fail', detail: `not installed in ${installed.where}; ${LIBRARY_NAME} needs ${range}`, fix: install });
      continue;
    }
    if (name === 'cdk-nag' && majorOf(version) !== majorOf(range)) {
      checks.push({ check: name, status: 'fail', detail: `cdk-nag ${version} is major ${majorOf(version)}; ${LIBRARY_NAME} uses the cdk-nag ${majorOf(range)}.x Aspects API (${range})`, fix: `install cdk-nag@"${range}"` });
      continue;
    }
    const ok = satisfies(version, range);
    checks.push(ok === false
      ? { check: name, status: 'fail', detail: `${name} ${version} is outside ${LIBRARY_NAME}'s peer range ${range}`, fix: `install ${name}@"${range}"` }
      : { check: name, status: 'ok', detail: `${name} ${version} (peer range ${range})` });
  }
  const own = installed.versions[LIBRARY_NAME];
  if (!own) {
    checks.push({ check: LIBRARY_NAME, status: 'warn', detail: `not installed in ${installed.where} (this CLI is ${library.version})`, fix: install });
  } else if (own !== library.version && parseVersion(own) && parseVersion(library.version)) {
    checks.push({ check: LIBRARY_NAME, status: 'warn', detail: `the app uses ${own}, this CLI is ${library.version}`, fix: 'run the CLI the app installed: npx paved-road doctor' });
  } else {
    checks.push({ check: LIBRARY_NAME, status: 'ok', detail: own });
  }
  if (installed.where === 'node_modules' && !installedPackage(cwd, 'aws-cdk')) {
    checks.push({ check: 'aws-cdk', status: 'warn', detail: 'the aws-cdk CLI is not installed in the project (paved-road check then runs the app without context lookups)', fix: 'npm install -D aws-cdk' });
  }
  return checks;
}

function placeholderKeys(value: unknown, key: string): string[] {
  if (typeof value === 'string') return value.toLowerCase().includes(PLACEHOLDER) ? [key] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => placeholderKeys(v, `${key}[${i}]`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => placeholderKeys(v, `${key}.${k}`));
  return [];
}

export function contextChecks(cwd: string): DoctorCheck[] {
  const file = path.join(cwd, 'cdk.json');
  if (!fs.existsSync(file)) return [{ check: 'cdk.json', status: 'fail', detail: `${file} does not exist`, fix: 'run doctor in the app\'s directory, or scaffold one with paved-road init' }];
  let cdkJson: any;
  try {
    cdkJson = JSON.parse(fs.readFileSync(file, 'utf-8'));
  } catch (e) {
    return [{ check: 'cdk.json', status: 'fail', detail: `not valid JSON: ${(e as Error).message}` }];
  }
  const context: Record<string, unknown> = cdkJson.context ?? {};
  const checks: DoctorCheck[] = [];
  checks.push(typeof cdkJson.app === 'string' && cdkJson.app !== ''
    ? { check: 'cdk.json app', status: 'ok', detail: cdkJson.app }
    : { check: 'cdk.json app', status: 'fail', detail: 'no "app" command', fix: 'set "app", e.g. "npx ts-node --prefer-ts-exts bin/app.ts"' });
  const owner = context[ContextKeys.OWNER];
  checks.push(typeof owner === 'string' && owner !== ''
    ? { check: ContextKeys.OWNER, status: 'ok', detail: owner }
    : { check: ContextKeys.OWNER, status: 'fail', detail: 'missing from the context of cdk.json: every paved-road construct needs an owner', fix: `add "${ContextKeys.OWNER}": "<team>" to "context"` });
  checks.push(context[ContextKeys.COST_CENTER] === undefined
    ? { check: ContextKeys.COST_CENTER, status: 'warn', detail: 'missing: resources are not tagged with a cost center', fix: `add "${ContextKeys.COST_CENTER}" to "context"` }
    : { check: ContextKeys.COST_CENTER, status: 'ok', detail: String(context[ContextKeys.COST_CENTER]) });
  const defaults = context[DEFAULTS_VERSION_CONTEXT];
  if (defaults === undefined) {
    checks.push({ check: DEFAULTS_VERSION_CONTEXT, status: 'fail', detail: 'missing: the app does not say which version of the library\'s defaults it was written against', fix: `add "${DEFAULTS_VERSION_CONTEXT}": ${JSON.stringify(DEFAULTS_VERSION)} to "context" after reviewing the defaults` });
  } else if (!knownDefaultsVersions().includes(String(defaults))) {
    checks.push({
      check: DEFAULTS_VERSION_CONTEXT,
      status: 'fail',
      detail: `${JSON.stringify(defaults)} is not a defaults version this library knows (${knownDefaultsVersions().join(', ')}): synthesis refuses it`,
      fix: `set a known version, such as ${JSON.stringify(DEFAULTS_VERSION)}, or upgrade paved-road-constructs if the app expects newer defaults`,
    });
  } else if (String(defaults) !== String(DEFAULTS_VERSION)) {
    const older = compareDefaultsVersions(String(defaults), DEFAULTS_VERSION) < 0;
    checks.push({
      check: DEFAULTS_VERSION_CONTEXT,
      status: 'warn',
      detail: `${JSON.stringify(defaults)}; this library's defaults are version ${JSON.stringify(DEFAULTS_VERSION)}`,
      fix: older ? 'read UPGRADING.md for the defaults that changed after your version, then raise the value' : 'the app expects newer defaults than this library has: upgrade paved-road-constructs',
    });
  } else {
    checks.push({ check: DEFAULTS_VERSION_CONTEXT, status: 'ok', detail: `${JSON.stringify(defaults)} (the latest)` });
  }
  const profile = context[ContextKeys.PROFILE];
  if (profile !== undefined && !PROFILES.includes(String(profile))) {
    checks.push({ check: ContextKeys.PROFILE, status: 'fail', detail: `${JSON.stringify(profile)} is not a profile`, fix: `one of ${PROFILES.join(', ')}` });
  }
  const packs = context[ContextKeys.COMPLIANCE_PACKS];
  if (packs !== undefined) {
    const unknown = String(packs).split(',').map((p) => p.trim()).filter((p) => p && !PACKS.includes(p));
    if (unknown.length > 0) checks.push({ check: ContextKeys.COMPLIANCE_PACKS, status: 'fail', detail: `unknown packs: ${unknown.join(', ')}`, fix: `use ${PACKS.join(', ')}` });
  }
  const ttl = context[ContextKeys.PREVIEW_MAX_TTL_HOURS];
  if (ttl !== undefined && !(Number(ttl) >= 1 && Number(ttl) <= 336)) {
    checks.push({ check: ContextKeys.PREVIEW_MAX_TTL_HOURS, status: 'fail', detail: `${JSON.stringify(ttl)}: previews refuse it`, fix: 'a number of hours from 1 to 336' });
  }
  const placeholders = Object.entries(context).flatMap(([k, v]) => placeholderKeys(v, k));
  if (placeholders.length > 0) {
    checks.push({ check: 'placeholders', status: 'warn', detail: `still "${PLACEHOLDER}" in cdk.json: ${placeholders.join(', ')}`, fix: 'fill them in before the first deployment' });
  }
  return checks;
}

/**
 * Prod networks in stacks without an account and region: CDK sees two Availability Zones there (a prod
 * network is built for three), and the stack deploys wherever the deploying credentials point.
 */
export function environmentChecks(outdir: string): DoctorCheck[] {
  if (!fs.existsSync(path.join(outdir, 'manifest.json'))) {
    return [{ check: 'prod environments', status: 'skip', detail: `no cloud assembly in ${outdir}`, fix: 'run npx cdk synth (or paved-road check --output cdk.out) first' }];
  }
  const agnostic: string[] = [];
  let prodNetworks = 0;
  for (const stage of readAssembly(outdir)) {
    for (const stack of stage.stacks ?? []) {
      const file = path.join(stage.directory, stack.templateFile);
      if (!fs.existsSync(file)) continue;
      const resources = Object.values<any>(JSON.parse(fs.readFileSync(file, 'utf-8')).Resources ?? {});
      const prodVpc = resources.some((r) => r.Type === 'AWS::EC2::VPC' && (r.Properties?.Tags ?? []).some((t: any) => t.Key === 'paved-road:profile' && t.Value === 'prod'));
      if (!prodVpc) continue;
      prodNetworks++;
      if (/unknown-account|unknown-region/.test(stack.environment)) agnostic.push(stack.stackName);
    }
  }
  if (agnostic.length > 0) {
    return [{
      check: 'prod environments',
      status: 'warn',
      detail: `prod network without an explicit env (account and region) in ${agnostic.join(', ')}: two Availability Zones instead of three, deployed wherever the credentials point`,
      fix: 'give the stage or stack env: { account, region } (in a paved-road init app: app:environments in cdk.json)',
    }];
  }
  return [{ check: 'prod environments', status: 'ok', detail: prodNetworks === 0 ? 'no prod network in the cloud assembly' : `${prodNetworks} prod network${prodNetworks === 1 ? '' : 's'}, each with an explicit env` }];
}
