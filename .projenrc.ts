import { awscdk, Component, javascript, github, JsonPatch, TextFile } from 'projen';

/**
 * Versions measured to work together (see TOOLCHAIN.md in the platform team's shared notes):
 * - aws-cdk-lib 2.257.0 is the newest release whose cloud assembly (schema 53) integ-runner 2.197.10 reads.
 * - cdk-nag 2.x keeps the Aspects API; 3.x needs aws-cdk-lib >= 2.258.
 */
const CDK_VERSION = '2.257.0';
const CDK_NAG_RANGE = '^2.38.2';
/**
 * test/cdk-nag-parity-*.test.ts compare the library's shared-outcome packs with cdk-nag's stock packs on
 * both ends of the peer range, installed side by side under npm aliases. The newest is the newest 2.x on
 * npm (`npm view cdk-nag versions`, 2026-11): raise it when cdk-nag releases a 2.x; the test checks that
 * it stays within CDK_NAG_RANGE and that the lowest is the range's minimum.
 */
const CDK_NAG_LOWEST = CDK_NAG_RANGE.replace(/^\^/, '');
const CDK_NAG_NEWEST = '2.38.2';
const INTEG_RUNNER = '@aws-cdk/integ-runner@2.197.10';
const INTEG_TESTS_ALPHA = '@aws-cdk/integ-tests-alpha@2.245.0-alpha.0';

/**
 * AWS CodeArtifact: the platform team fills these in (or sets them as repository variables).
 * - CODEARTIFACT_NPM_REGISTRY: https://<domain>-<account>.d.codeartifact.<region>.amazonaws.com/npm/<repository>/
 * - CODEARTIFACT_ROLE_ARN: an IAM role trusted by GitHub's OIDC provider for this repository, allowed
 *   codeartifact:GetAuthorizationToken, codeartifact:GetRepositoryEndpoint, codeartifact:PublishPackageVersion
 *   and sts:GetServiceBearerToken.
 */
const CODEARTIFACT_NPM_REGISTRY = '${{ vars.CODEARTIFACT_NPM_REGISTRY }}';
const CODEARTIFACT_ROLE_ARN = '${{ vars.CODEARTIFACT_ROLE_ARN }}';

const project = new awscdk.AwsCdkConstructLibrary({
  name: 'paved-road-constructs',
  packageName: 'paved-road-constructs',
  description: 'Versioned golden-path AWS CDK constructs: service, database, cache, delivery pipeline and preview environments that pass security review at synth time.',
  author: 'Paved Road Platform Team',
  authorAddress: 'platform@pavedroad.dev',
  repositoryUrl: 'https://github.com/paved-road/paved-road-constructs.git',
  license: 'Apache-2.0',
  keywords: ['cdk', 'awscdk', 'aws-cdk', 'platform-engineering', 'golden-path'],
  defaultReleaseBranch: 'main',
  projenrcTs: true,
  packageManager: javascript.NodePackageManager.NPM,
  sampleCode: false,

  cdkVersion: CDK_VERSION,
  jsiiVersion: '~6.0.0',
  constructsVersion: '10.5.1',
  peerDeps: [`cdk-nag@${CDK_NAG_RANGE}`],
  devDeps: [
    INTEG_RUNNER,
    INTEG_TESTS_ALPHA,
    // Lambda handlers (*.lambda.ts) are bundled at build time with their AWS SDK v3 clients,
    // so consumers in any jsii language never bundle at synth.
    'esbuild',
    '@aws-sdk/client-cloudformation',
    '@aws-sdk/client-sns',
    // The reaper's notice ledger and the delivery metrics' state (DynamoDB tables; the low-level client keeps the bundles small).
    '@aws-sdk/client-dynamodb',
    // The delivery metrics recorder reads pipeline executions (source revisions, rollbacks) and action executions.
    '@aws-sdk/client-codepipeline',
    // Structured logs and CloudWatch embedded-metric-format metrics in every handler (reaper, delivery recorder). 2.36.0
    // declares no engines (its one dependency, @aws/lambda-invoke-store, wants Node >= 18): `npm install`
    // on Node 20 prints no EBADENGINE warning.
    '@aws-lambda-powertools/logger@2.36.0',
    '@aws-lambda-powertools/metrics@2.36.0',
    'aws-sdk-client-mock',
    // Optional: PavedRoadGuardrails' `guard` option loads it only when asked (see README).
    '@cdklabs/cdk-validator-cfnguard@0.0.62',
    // Tests parse the Backstage catalog-info.yaml with a real YAML parser.
    'yaml@^2',
    // The upgrade safety net (test/upgrade.test.ts) asks CloudFormation's own replacement rules which
    // property changes replace a resource.
    '@aws-cdk/cloudformation-diff@2.187.5',
    // The two ends of the cdk-nag peer range, for the stock-versus-shared parity tests (see CDK_NAG_NEWEST).
    `cdk-nag-lowest@npm:cdk-nag@${CDK_NAG_LOWEST}`,
    `cdk-nag-newest@npm:cdk-nag@${CDK_NAG_NEWEST}`,
  ],
  lambdaOptions: {
    // The newest runtime aws-cdk-lib 2.257 offers (cdk-nag AwsSolutions-L1 wants the latest).
    runtime: awscdk.LambdaRuntime.NODEJS_24_X,
    bundlingOptions: { externals: [], sourcemap: false },
  },

  // Release: conventional commits decide the version; publish to npm, PyPI, Maven and CodeArtifact.
  release: true,
  // commit-and-tag-version 13 and its conventional-changelog packages require Node 22; 12.x supports
  // Node 18+, so `npm install` on Node 20 (the README's minimum) prints no EBADENGINE warning.
  bumpPackage: 'commit-and-tag-version@^12',
  // A release that brings new defaults is at least that defaults version (src/core/default-changes.ts),
  // so the pin a team writes always names a release.
  nextVersionCommand: 'TS_NODE_TRANSPILE_ONLY=1 ts-node --project tsconfig.dev.json scripts/next-version.ts',
  releaseToNpm: true,
  publishToPypi: {
    distName: 'paved-road-constructs',
    module: 'paved_road_constructs',
  },
  publishToMaven: {
    javaPackage: 'dev.pavedroad.constructs',
    mavenGroupId: 'dev.pavedroad',
    mavenArtifactId: 'paved-road-constructs',
  },

  tsconfigDevFile: 'tsconfig.dev.json',
  tsconfigDev: {
    include: ['.projenrc.ts', 'projenrc/**/*.ts', 'scripts/**/*.ts', 'src/**/*.ts', 'test/**/*.ts', 'integ/**/*.ts', 'examples/**/*.ts', 'bench/**/*.ts', 'cli/**/*.ts'],
    exclude: ['integ/**/*.snapshot/**', 'integ/cdk-integ.out.*/**', 'lib', 'dist', 'cdk.out', 'assets'],
    compilerOptions: {},
  },
  eslintOptions: {
    dirs: ['src'],
    // cli/: the paved-road command, bundled with its dependencies at build time (see "The paved-road CLI" below).
    devdirs: ['test', 'integ', 'examples', 'bench', 'projenrc', 'scripts', 'cli'],
    ignorePatterns: ['integ/**/*.snapshot/**', 'integ/cdk-integ.out.*/**', '*.d.ts'],
  },

  jestOptions: {
    // Never rewrite snapshots as a side effect of running the tests (CI or not): `npx jest -u` is explicit.
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    jestConfig: {
      maxWorkers: '100%',
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      coverageReporters: ['text-summary', 'lcov', 'cobertura'],
    },
  },

  gitignore: ['cdk.out/', 'integ/cdk-integ.out.*', 'integ/**/cdk.out/', '/dist/codegen/', 'policy-validation-report.json',
    // Asset zips in integ snapshots (21 MB for the AWS CLI layer of Service Catalog's asset copy):
    // integ-runner verifies templates and asset hashes, not the zips.
    'integ/**/*.snapshot/asset.*.zip',
    // jsii-rosetta's tablet of translated snippets, rebuilt by the rosetta task
    '.jsii.tabl.json', '*.cpuprofile', 'bench/results/'],
  // cli/ ships as its bundle, assets/cli/paved-road.js, not as source.
  npmIgnoreOptions: { ignorePatterns: ['/examples/', '/integ/', '/bench/', '/docs/', '/scripts/', 'cdk.out/', '/.ci/', '/.compatignore', '/cli/'] },
  githubOptions: { mergify: false },
});

// The library version is read from the installed package.json at synth time (src/core/version.ts),
// so it is always the version that was released, never typed by hand.

// README and @example snippets compile in strict mode (rosetta/default.ts-fixture declares what they
// assume), so the Python and Java translations in API.md are right. rosetta/cache.tabl.json keeps the
// translations of unchanged snippets: a cold run takes 2.5 min on 2 cores, a cached one 2 s; a changed
// snippet, fixture or referenced type is compiled again.
project.tryFindObjectFile('package.json')?.addOverride('jsii.metadata.jsii.rosetta.strict', true);
const rosetta = project.addTask('rosetta', {
  description: 'Compile every README and @example snippet in strict mode (fails on any that does not compile)',
  exec: 'mkdir -p dist/rosetta/node_modules && ln -sfn ../../.. dist/rosetta/node_modules/paved-road-constructs && jsii-rosetta extract --compile --fail --strict --directory dist/rosetta --cache rosetta/cache.tabl.json --trim-cache --batch 30 .jsii',
});

const docs = project.addTask('docs', {
  description: 'Write docs/<Construct>.md with each @example and its imports in TypeScript, Python and Java, and the README\'s Python quick start (after the rosetta task)',
  env: { TS_NODE_TRANSPILE_ONLY: '1' },
  exec: 'ts-node --project tsconfig.dev.json scripts/docs-pages.ts',
});
const docsCheck = project.addTask('docs:check', {
  description: 'Fail when docs/ or the README\'s Python quick start differs from what the docs task writes',
  env: { TS_NODE_TRANSPILE_ONLY: '1' },
  exec: 'ts-node --project tsconfig.dev.json scripts/docs-pages.ts --check',
});
docs.prependSpawn(rosetta);

// One clock: "now" is read only in src/core/clock.ts (`now()`, pinned in tests with `pinClock`), so the
// suite, the example and a synthesis give the same answer on any date.
const CLOCK_MESSAGE = 'Read the time through now() from src/core/clock.ts (tests pin it with pinClock or test/clock.ts): nothing may depend on today\'s date. For elapsed time use performance.now().';
project.eslint?.addRules({
  'no-restricted-syntax': ['error',
    { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: CLOCK_MESSAGE },
    { selector: "CallExpression[callee.name='Date']", message: CLOCK_MESSAGE }],
  'no-restricted-properties': ['error', { object: 'Date', property: 'now', message: CLOCK_MESSAGE }],
});

// Layers, each importing only from the layers below it (STYLE.md, "Layout"):
// src/core <- src/cost <- src/guardrails <- the construct folders <- self-service (catalog, backstage).
// A wrong arrow or an import cycle fails `npx projen eslint` and so `npm test`; test/layers.test.ts
// proves both rules still fire. (import/no-cycle ignores `import type`: keep those one-way by hand.)
const LAYERS: ReadonlyArray<{ readonly name: string; readonly dirs: readonly string[] }> = [
  { name: 'core', dirs: ['core'] },
  { name: 'cost', dirs: ['cost'] },
  { name: 'guardrails', dirs: ['guardrails'] },
  { name: 'constructs', dirs: ['network', 'service', 'database', 'cache', 'pipeline', 'preview', 'delivery'] },
  { name: 'self-service', dirs: ['catalog', 'backstage'] },
];
project.eslint?.addRules({
  'import/no-cycle': ['error'],
  'import/no-restricted-paths': ['error', {
    zones: LAYERS.slice(0, -1).map((layer, i) => {
      const above = LAYERS.slice(i + 1);
      return {
        target: layer.dirs.map((d) => `./src/${d}`),
        from: above.flatMap((l) => l.dirs.map((d) => `./src/${d}`)),
        message: `src/${layer.dirs.length === 1 ? layer.dirs[0] : `{${layer.dirs.join(',')}}`} (the ${layer.name} layer) imports only from the layers below it: ${LAYERS.slice(0, i).map((l) => l.name).join(', ') || 'none'}; it must not import from ${above.map((l) => l.name).join(', ')}.`,
      };
    }),
  }],
});
// Lambda handlers and what they import are bundled with esbuild: AWS SDK v3 and Powertools, never aws-cdk-lib.
project.eslint?.addOverride({
  files: ['src/**/*.lambda.ts', 'src/preview/reaper-*.ts', 'src/delivery/recorder-*.ts', 'src/delivery/delivery-schema.ts', 'src/core/clock.ts'],
  excludedFiles: ['src/preview/reaper-function.ts', 'src/delivery/recorder-function.ts'],
  rules: {
    'no-restricted-imports': ['error', {
      patterns: [{ group: ['aws-cdk-lib', 'aws-cdk-lib/*', 'constructs'], message: 'Bundled into a Lambda handler: use the AWS SDK v3, never aws-cdk-lib or constructs.' }],
    }],
  },
});

// eslint type-aware rules must see test/, scripts/, integ/, examples/ and bench/, which only tsconfig.dev.json includes.
const eslintrc = project.tryFindObjectFile('.eslintrc.json');
eslintrc?.addDeletionOverride('parserOptions.projectService');
eslintrc?.addOverride('parserOptions.project', './tsconfig.dev.json');
eslintrc?.addOverride('settings.import/resolver.typescript.project', './tsconfig.dev.json');

const quiet = { JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: '20' };
for (const [k, v] of Object.entries(quiet)) project.tasks.addEnvironment(k, v);

// ---------------------------------------------------------------------------------------------
// Tasks
// ---------------------------------------------------------------------------------------------
const typecheck = project.addTask('typecheck', {
  description: 'Type-check test/, scripts/, integ/, examples/ and bench/ (ts-jest and ts-node run with isolated modules)',
  exec: 'tsc --noEmit -p tsconfig.dev.json',
});

const integArgs = '--directory integ --language typescript --parallel-regions us-east-1';
const integ = project.addTask('integ', {
  description: 'Verify the committed integ snapshots offline (no AWS account needed)',
  env: { TS_NODE_TRANSPILE_ONLY: '1' },
  exec: `integ-runner ${integArgs}`,
});
project.addTask('integ:snapshot', {
  description: 'Create or refresh integ snapshots offline (dry run: nothing is deployed)',
  env: { TS_NODE_TRANSPILE_ONLY: '1' },
  exec: `integ-runner ${integArgs} --update-on-failed --dry-run`,
});

const codegen = project.addTask('codegen', {
  description: 'Generate Python and Java bindings offline (jsii-pacmak --code-only) and byte-compile the Python',
  steps: [
    { exec: 'rm -rf dist/codegen' },
    { exec: 'jsii-pacmak --code-only --target python --target java --outdir dist/codegen' },
    { exec: 'python3 -m compileall -q dist/codegen/python' },
    { exec: 'find dist/codegen/java -name PavedRoadGuardrails.java | grep -q .', name: 'Java sources generated' },
  ],
});

const example = project.addTask('example', {
  description: 'Synthesize the example platform app into cdk.out/ with the guardrails enforced',
  env: { TS_NODE_TRANSPILE_ONLY: '1' },
  exec: 'ts-node --project tsconfig.dev.json examples/platform-app.ts',
  receiveArgs: true,
});

// Packs the library the way the release does (bundle, compile, package:js, which runs jsii-pacmak's npm
// pack), then installs dist/js/*.tgz in an empty project next to the newest aws-cdk-lib and next to the
// lowest one the peer range allows, and synthesizes every exported construct with the guardrails.
const consumerCheck = project.addTask('consumer:check', {
  description: 'Pack the library as a release does and synthesize every construct from the tarball next to the newest and the lowest supported aws-cdk-lib (needs the npm registry)',
  steps: [
    { spawn: 'compile' },
    { spawn: 'package:js' },
    { exec: 'bash scripts/consumer/check.sh latest' },
    { exec: `bash scripts/consumer/check.sh ${CDK_VERSION}` },
  ],
});

// CI runs the README's two commands, exactly, on a clean clone: neither can break unnoticed.
// test/core.test.ts fails when the README's contributor quick start and this list differ.
const README_COMMANDS = ['npm install && npm run example', 'npm install && npm test'];
new TextFile(project, '.ci/run', {
  executable: true,
  lines: [
    '#!/usr/bin/env bash',
    '# ~~ Generated by projen. To modify, edit .projenrc.ts and run "npx projen".',
    '# CI entry point: the README\'s two quick-start commands, in order, on a fresh clone.',
    'set -euo pipefail',
    'cd "$(dirname "$0")/.."',
    'export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20',
    ...README_COMMANDS,
    '',
  ],
});

project.addTask('readme:tables', {
  description: 'Rewrite the README sections rendered from code (profile defaults, cfn-guard controls disabled by design, the default cost per profile)',
  env: { TS_NODE_TRANSPILE_ONLY: '1' },
  exec: 'ts-node --project tsconfig.dev.json scripts/readme-tables.ts',
});

// Versioned defaults (UPGRADING.md): the record renders the file; the upgrade baseline (templates and
// API of the release just cut) is what test/upgrade.test.ts and jsii-diff compare the next one against.
project.addTask('upgrading', {
  description: 'Render UPGRADING.md from the record of default changes (src/core/default-changes.ts)',
  env: { TS_NODE_TRANSPILE_ONLY: '1' },
  exec: 'ts-node --project tsconfig.dev.json scripts/upgrading.ts',
});
const upgradeBaseline = project.addTask('upgrade:baseline', {
  description: 'After a release: write its templates (every profile of the example app) and its API (.jsii) as the upgrade baseline; commit test/upgrade/',
  env: { TS_NODE_TRANSPILE_ONLY: '1' },
  steps: [
    { exec: 'ts-node --project tsconfig.dev.json scripts/upgrade-baseline.ts' },
    { exec: 'cp .jsii test/upgrade/baseline-api/paved-road-constructs.jsii' },
    { exec: 'node -e "const p=require(\'./package.json\');const f=\'test/upgrade/baseline-api/package.json\';const b=require(\'./\'+f);b.version=p.version;require(\'fs\').writeFileSync(f,JSON.stringify(b,null,2)+\'\\n\')"' },
  ],
});
upgradeBaseline.prependSpawn(project.compileTask);
// API compatibility with the previous release (its assembly in test/upgrade/baseline-api/, not npm:
// the package is not on the public registry). An intended break is listed in .compatignore with why.
project.tasks.tryFind('compat')?.reset('bash scripts/compat.sh');

project.addTask('bench', {
  description: 'Print benchmark figures (synth time, memory, test time); asserts nothing',
  env: { TS_NODE_TRANSPILE_ONLY: '1' },
  exec: 'ts-node --project tsconfig.dev.json bench/run.ts',
});

// `npm test` must pass on a fresh clone by itself: jest, lint, type-check, integ snapshots, and the
// jsii code generation, which needs the .jsii assembly, so it compiles first.
const test = project.testTask;
const bundle = project.tasks.tryFind('bundle');
if (bundle) {
  test.prependSpawn(bundle);
  // The example app creates a PreviewReaper, whose handler is the bundled asset (assets/ is not committed).
  example.prependSpawn(bundle);
  consumerCheck.prependSpawn(bundle);
  // The reaper benchmark runs the built handler bundle.
  project.tasks.tryFind('bench')?.prependSpawn(bundle);
}
// Minified handler bundles (projen's lambda bundling options have no minify switch).
for (const task of project.tasks.all.filter((t) => /^bundle:.*\.lambda$/.test(t.name))) {
  const args = task.steps.flatMap((s) => s.execArgs ?? []);
  if (args.length > 0 && !args.includes('--minify')) {
    task.reset();
    task.exec([...args, '--minify'].join(' '));
  }
}
// Lambda handlers bundle their AWS SDK v3 clients (devDependencies) at build time.
project.eslint?.allowDevDeps('src/**/*.lambda.ts');
project.eslint?.allowDevDeps('src/preview/reaper-*.ts');
project.eslint?.allowDevDeps('src/delivery/recorder-*.ts');
test.spawn(typecheck);
test.spawn(integ);
test.spawn(project.compileTask);
const compat = project.tasks.tryFind('compat');
if (compat) test.spawn(compat);
test.spawn(rosetta);
test.spawn(docsCheck);
test.spawn(codegen);

// ---------------------------------------------------------------------------------------------
// The paved-road CLI (init, check, previews, doctor)
// ---------------------------------------------------------------------------------------------
// Outside the jsii surface: cli/ is bundled by esbuild, with the AWS SDK v3, into assets/cli/paved-road.js (built,
// not committed; assets/ ships in the npm tarball), the package's `bin`. It imports from src/ only files without
// aws-cdk-lib (clock, tag keys, context keys, name patterns), so it runs before an app has installed aws-cdk-lib.
const CLI_BUNDLE = 'assets/cli/paved-road.js';
project.addBins({ 'paved-road': CLI_BUNDLE });
const bundleCli = project.addTask('bundle:cli', {
  description: 'Bundle the paved-road CLI (cli/main.ts) with its dependencies into the package\'s bin',
  exec: `esbuild cli/main.ts --bundle --platform=node --target=node20 --outfile=${CLI_BUNDLE} --tsconfig=tsconfig.dev.json --minify "--banner:js=#!/usr/bin/env node"`,
});
project.tasks.tryFind('bundle')?.spawn(bundleCli);
project.eslint?.addOverride({
  files: ['cli/**/*.ts'],
  rules: {
    'no-restricted-imports': ['error', {
      patterns: [{ group: ['aws-cdk-lib', 'aws-cdk-lib/*', 'constructs'], message: 'The CLI bundle carries no aws-cdk-lib: import only src/ files without it, or read the cloud assembly.' }],
    }],
  },
});
// Scaffolds an app with `paved-road init` from the packed tarball, then `npm install`, `npx cdk synth`, its tests and
// `npx paved-road check` in it; and the Python scaffold byte-compiles. Needs the npm registry.
project.addTask('scaffold:check', {
  description: 'Scaffold a TypeScript app from the packed library and run npm install, cdk synth, its tests and paved-road check in it; byte-compile the Python scaffold (needs the npm registry)',
  steps: [
    { spawn: 'bundle' },
    { spawn: 'compile' },
    { spawn: 'package:js' },
    { exec: 'bash test/scaffold/check.sh' },
  ],
});
consumerCheck.exec('bash test/scaffold/check.sh');

// ---------------------------------------------------------------------------------------------
// CI workflows
// ---------------------------------------------------------------------------------------------
// The lock file is produced against a registry mirror that lacks some optional platform packages,
// so `npm ci` refuses it; `npm install` is what works on a fresh machine and in the README.
project.package.installCiTask.reset('npm install');
const build = project.github?.tryFindWorkflow('build');
build?.file?.patch(JsonPatch.add('/jobs/build/env/JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION', '20'));

// CodeArtifact: a second npm publication of the same tarball, authenticated through GitHub OIDC.
project.release?.addJobs({
  release_codeartifact: {
    name: 'Publish to AWS CodeArtifact',
    needs: ['release'],
    runsOn: ['ubuntu-latest'],
    if: "needs.release.outputs.tag_exists != 'true' && needs.release.outputs.latest_commit == github.sha && vars.CODEARTIFACT_NPM_REGISTRY != ''",
    permissions: { idToken: github.workflows.JobPermission.WRITE, contents: github.workflows.JobPermission.READ },
    steps: [
      // The same preparation as projen's release_npm job: repackage the released tarball.
      { uses: 'actions/setup-node@v5', with: { 'node-version': 'lts/*' } },
      { name: 'Download build artifacts', uses: 'actions/download-artifact@v5', with: { 'artifact-ids': '${{ needs.release.outputs.artifact_id }}', 'path': 'dist' } },
      { name: 'Restore build artifact permissions', run: 'cd dist && setfacl --restore=permissions-backup.acl', continueOnError: true },
      { name: 'Checkout', uses: 'actions/checkout@v5', with: { path: '.repo' } },
      { name: 'Install Dependencies', run: 'cd .repo && npm install' },
      { name: 'Extract build artifact', run: 'tar --strip-components=1 -xzvf dist/js/*.tgz -C .repo' },
      { name: 'Move build artifact out of the way', run: 'mv dist dist.old' },
      { name: 'Create js artifact', run: 'cd .repo && npx projen package:js' },
      { name: 'Collect js artifact', run: 'mv .repo/dist dist' },
      {
        name: 'Configure AWS credentials via GitHub OIDC',
        uses: 'aws-actions/configure-aws-credentials@v5',
        with: { 'role-to-assume': CODEARTIFACT_ROLE_ARN, 'aws-region': '${{ vars.CODEARTIFACT_REGION }}' },
      },
      {
        name: 'Release',
        env: { NPM_DIST_TAG: 'latest', NPM_REGISTRY: CODEARTIFACT_NPM_REGISTRY },
        run: 'npx -p publib@latest publib-npm',
      },
    ],
  },
});

// Every workflow job that installs with `npm ci` (projen's package and release jobs) installs with
// `npm install` instead, for the lock-file reason above.
const useNpmInstall = (steps: github.workflows.JobStep[]) => steps.map((step) =>
  (step.run?.includes('npm ci') ? { ...step, run: step.run.replace(/\bnpm ci\b/g, 'npm install') } : step));
/** Runs after the release and build components have added their jobs (components pre-synthesize in order). */
class NpmInstallInWorkflows extends Component {
  public preSynthesize(): void {
    for (const workflow of project.github?.workflows ?? []) {
      for (const [id, job] of Object.entries(workflow.jobs)) {
        const steps = (job as { steps?: unknown }).steps;
        if (Array.isArray(steps)) {
          workflow.updateJob(id, { ...job, steps: useNpmInstall(steps) } as github.workflows.Job);
        } else if (typeof steps === 'function') {
          // projen renders some jobs' steps lazily
          workflow.updateJob(id, { ...job, steps: () => useNpmInstall(steps()) } as unknown as github.workflows.Job);
        }
      }
    }
  }
}
new NpmInstallInWorkflows(project);

project.synth();
