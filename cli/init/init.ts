/*
 * `paved-road init`: validates every value first (one message listing every problem), then writes the
 * scaffold into an empty or new directory. Nothing is written when anything is wrong.
 */
import * as fs from 'fs';
import * as path from 'path';
import { appNameProblems, costCenterProblems, ownerProblems } from './names';
import { pythonFiles } from './python-project';
import { Language, LANGUAGES, scaffoldSettings, ScaffoldSettings } from './settings';
import { typescriptFiles } from './typescript-project';
import { DEFAULTS_VERSION } from '../defaults-version';
import { UsageError } from '../exit-codes';
import { LibraryFacts } from '../library';

export interface InitOptions {
  readonly dir?: string;
  readonly name?: string;
  readonly owner?: string;
  readonly language?: string;
  readonly costCenter?: string;
  readonly repository?: string;
  readonly account?: string;
  readonly region?: string;
}

export interface InitResult {
  readonly dir: string;
  readonly language: Language;
  readonly files: string[];
  readonly settings: ScaffoldSettings;
}

const ACCOUNT = /^\d{12}$/;
const REGION = /^[a-z]{2,}(-[a-z]+)+-\d+$/;
const REPOSITORY = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;

/** The files of a scaffold, by path, without writing anything. */
export function scaffoldFiles(settings: ScaffoldSettings): Record<string, string> {
  return settings.language === 'python' ? pythonFiles(settings) : typescriptFiles(settings);
}

/** Every problem with the options, each naming the option, the value and what is allowed. */
export function initProblems(options: InitOptions): string[] {
  const problems = [...appNameProblems(options.name), ...ownerProblems(options.owner), ...costCenterProblems(options.costCenter)];
  if (options.language !== undefined && !(LANGUAGES as readonly string[]).includes(options.language)) {
    problems.push(`--language ${JSON.stringify(options.language)} is not allowed; allowed: ${LANGUAGES.join(', ')}`);
  }
  if (options.repository !== undefined && !REPOSITORY.test(options.repository)) {
    problems.push(`--repository ${JSON.stringify(options.repository)} is not allowed; allowed: owner/name of the repository the pipeline builds, e.g. acme/checkout`);
  }
  if (options.account !== undefined && !ACCOUNT.test(options.account)) {
    problems.push(`--account ${JSON.stringify(options.account)} is not allowed; allowed: a 12-digit AWS account id`);
  }
  if (options.region !== undefined && !REGION.test(options.region)) {
    problems.push(`--region ${JSON.stringify(options.region)} is not allowed; allowed: an AWS region such as eu-west-1`);
  }
  if ((options.account === undefined) !== (options.region === undefined)) {
    problems.push('--account and --region go together: give both (every environment gets them) or neither (environment-agnostic stacks)');
  }
  return problems;
}

/** A directory init may write into: absent, or empty but for a .git folder. */
function checkTarget(dir: string): void {
  if (!fs.existsSync(dir)) return;
  if (!fs.statSync(dir).isDirectory()) throw new UsageError(`${dir} exists and is not a directory`, 'init');
  const entries = fs.readdirSync(dir).filter((e) => e !== '.git').sort();
  if (entries.length > 0) {
    throw new UsageError(`${dir} is not empty (${entries.slice(0, 5).join(', ')}${entries.length > 5 ? ', ...' : ''}): init writes only into a new or empty directory`, 'init');
  }
}

/** Validates, then writes the scaffold. Throws a UsageError (nothing written) when an option is wrong. */
export function runInit(options: InitOptions, cwd: string, library: LibraryFacts): InitResult {
  const problems = initProblems(options);
  if (problems.length > 0) {
    throw new UsageError(`init: ${problems.length} invalid option${problems.length === 1 ? '' : 's'}:\n${problems.map((p) => `  - ${p}`).join('\n')}`, 'init');
  }
  const dir = path.resolve(cwd, options.dir ?? options.name!);
  checkTarget(dir);
  const settings = scaffoldSettings({
    name: options.name!,
    owner: options.owner!,
    costCenter: options.costCenter,
    language: (options.language ?? 'typescript') as Language,
    repository: options.repository,
    account: options.account,
    region: options.region,
    defaultsVersion: DEFAULTS_VERSION,
    libraryVersion: library.version,
    peerDependencies: library.peerDependencies,
  });
  const files = scaffoldFiles(settings);
  for (const [file, text] of Object.entries(files)) {
    const target = path.join(dir, file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, text, { mode: file === 'app.py' ? 0o755 : 0o644 });
  }
  return { dir, language: settings.language, files: Object.keys(files).sort(), settings };
}

/** What to do after init, in the scaffold's language. */
export function nextSteps(result: InitResult, cwd: string): string[] {
  const rel = path.relative(cwd, result.dir) || '.';
  const cd = rel === '.' ? [] : [`cd ${rel}`];
  if (result.language === 'python') {
    return [...cd, 'python3 -m venv .venv && . .venv/bin/activate', 'pip install -r requirements.txt -r requirements-dev.txt',
      'npm install --no-save aws-cdk paved-road-constructs   # the cdk and paved-road commands', 'npx cdk synth', 'npx paved-road check'];
  }
  return [...cd, 'npm install', 'npx cdk synth', 'npx paved-road check', 'npx paved-road doctor   # lists the cdk.json placeholders to fill in before deploying'];
}
