/*
 * The TypeScript scaffold: its project files (package.json, tsconfig.json, cdk.json, jest, tests, CI, README)
 * around the app source of typescript-app.ts.
 */
import { AWS_CDK_CLI_RANGE, cdkContext, ScaffoldSettings, TS_NODE_RANGE, TYPESCRIPT_RANGE } from './settings';
import { ciWorkflow, gitignore, readme } from './shared-files';
import { appTs, binTs, configTs, environmentStageTs, previewTs } from './typescript-app';
import { dataStackTs, deliveryStackTs, serviceStackTs } from './typescript-stacks';

const json = (value: unknown) => `${JSON.stringify(value, undefined, 2)}\n`;

function packageJson(s: ScaffoldSettings): string {
  return json({
    name: s.name,
    version: '0.1.0',
    private: true,
    description: `${s.name}: a paved-road CDK app`,
    scripts: {
      build: 'tsc --noEmit',
      test: 'jest',
      synth: 'cdk synth',
      check: 'paved-road check',
      doctor: 'paved-road doctor',
      cdk: 'cdk',
    },
    dependencies: {
      'aws-cdk-lib': s.peers['aws-cdk-lib'],
      'cdk-nag': s.peers['cdk-nag'],
      'constructs': s.peers.constructs,
      'paved-road-constructs': s.libraryRange,
    },
    devDependencies: {
      '@types/jest': '^30.0.0',
      '@types/node': '^20.19.0',
      'aws-cdk': AWS_CDK_CLI_RANGE,
      'jest': '^30.2.0',
      'ts-jest': '^29.4.5',
      'ts-node': TS_NODE_RANGE,
      'typescript': TYPESCRIPT_RANGE,
    },
  });
}

const TSCONFIG = {
  'compilerOptions': {
    target: 'ES2022',
    module: 'commonjs',
    lib: ['es2022'],
    rootDir: '.',
    declaration: false,
    strict: true,
    noImplicitAny: true,
    strictNullChecks: true,
    noImplicitThis: true,
    alwaysStrict: true,
    noUnusedLocals: true,
    noUnusedParameters: true,
    noImplicitReturns: true,
    noFallthroughCasesInSwitch: true,
    inlineSourceMap: true,
    inlineSources: true,
    experimentalDecorators: true,
    strictPropertyInitialization: true,
    esModuleInterop: true,
    skipLibCheck: true,
    typeRoots: ['./node_modules/@types'],
  },
  'exclude': ['node_modules', 'cdk.out'],
  // `cdk synth` runs the app through ts-node without type-checking it (several times faster); `npm run build`
  // and the tests (ts-jest) type-check, and CI runs both.
  'ts-node': { transpileOnly: true },
};

function cdkJson(s: ScaffoldSettings): string {
  return json({
    app: 'npx ts-node --prefer-ts-exts bin/app.ts',
    watch: { include: ['**'], exclude: ['README.md', 'cdk*.json', '**/*.d.ts', '**/*.js', 'tsconfig.json', 'package*.json', 'node_modules', 'test'] },
    context: cdkContext(s),
  });
}

const JEST_CONFIG = `module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\\\.tsx?$': 'ts-jest' },
  // Synthesizing every stage with the guardrails takes a while on a small machine.
  testTimeout: 300000,
};
`;

function appTestTs(s: ScaffoldSettings): string {
  return `import * as fs from 'fs';
import * as path from 'path';
import { App, Stack, Stage } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { PavedRoadGuardrails } from 'paved-road-constructs';
import { buildApp, stagesOf } from '../lib/app';

/** The context of cdk.json, so the tests build the app \`cdk synth\` builds. */
function cdkJsonContext(): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'cdk.json'), 'utf-8')).context;
}

// One synthesis for every test: the guardrails (cdk-nag packs and the platform's rules, per stage) make
// app.synth() throw with every unacknowledged finding listed.
const app = new App({ context: cdkJsonContext() });
const built = buildApp(app);
app.synth();

/** The template a stack was synthesized into (read back, not synthesized again). */
function template(stack: Stack): Template {
  const stage = Stage.of(stack)!;
  return Template.fromJSON(JSON.parse(fs.readFileSync(path.join(stage.outdir, stack.templateFile), 'utf-8')));
}

describe('${s.name}', () => {
  test('every stage has no guardrail finding (errors and warnings)', () => {
    for (const stage of stagesOf(app)) {
      const guardrails = PavedRoadGuardrails.of(stage);
      expect(guardrails).toBeDefined();
      expect(guardrails!.findings.map((f) => \`\${f.path}: \${f.rule}\`)).toEqual([]);
    }
  });

  test('dev, staging and prod each have a data stack and a service stack, then the pipeline deploys them', () => {
    expect(built.stages.map((stage) => stage.profile)).toEqual(['dev', 'staging', 'prod']);
    for (const stage of built.stages) {
      expect(stage.data.stackName).toBe(\`${s.name}-\${stage.profile}-data\`);
      expect(stage.service.stackName).toBe(\`${s.name}-\${stage.profile}-service\`);
    }
  });

  test('the service opens its own path to the database and the cache', () => {
    for (const stage of built.stages) {
      const service = template(stage.service);
      for (const store of [stage.data.database, stage.data.cache]) {
        const port = (store.connections.defaultPort!.toRuleJson() as { fromPort: number }).fromPort;
        service.hasResourceProperties('AWS::EC2::SecurityGroupIngress', { FromPort: port, ToPort: port, IpProtocol: 'tcp' });
      }
    }
  });

  test('prod keeps its data: the database is protected and retained', () => {
    const prod = built.stages.find((stage) => stage.profile === 'prod')!;
    const data = template(prod.data);
    data.hasResource('AWS::RDS::DBInstance', { DeletionPolicy: 'Snapshot', Properties: Match.objectLike({ DeletionProtection: true, MultiAZ: true }) });
  });

  test('the guardrails refuse a resource that breaks a rule (negative control)', () => {
    const bad = new App({ context: cdkJsonContext() });
    const stack = new Stack(bad, 'Bad');
    new s3.Bucket(stack, 'Unencrypted', { enforceSSL: false });
    PavedRoadGuardrails.enforce(bad);
    expect(() => bad.synth()).toThrow(/AwsSolutions-S10/);
  });
});
`;
}

/** Every file of the TypeScript scaffold, by path. */
export function typescriptFiles(s: ScaffoldSettings): Record<string, string> {
  return {
    'package.json': packageJson(s),
    'tsconfig.json': json(TSCONFIG),
    'cdk.json': cdkJson(s),
    'jest.config.js': JEST_CONFIG,
    '.gitignore': gitignore('typescript'),
    'README.md': readme(s),
    '.github/workflows/ci.yml': ciWorkflow('typescript'),
    'bin/app.ts': binTs(),
    'lib/config.ts': configTs(s),
    'lib/data-stack.ts': dataStackTs(),
    'lib/service-stack.ts': serviceStackTs(),
    'lib/environment-stage.ts': environmentStageTs(),
    'lib/preview.ts': previewTs(),
    'lib/delivery-stack.ts': deliveryStackTs(),
    'lib/app.ts': appTs(),
    'test/app.test.ts': appTestTs(s),
  };
}
