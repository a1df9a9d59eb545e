/*
 * Every Lambda handler the library ships (src/**\/*.lambda.ts, bundled at build time) logs with Powertools Logger
 * and publishes its metrics with Powertools Metrics. The other functions in synthesized templates are aws-cdk-lib's
 * own custom-resource providers, whose code ships inside aws-cdk-lib.
 */
import * as fs from 'fs';
import * as path from 'path';

const SRC = path.join(__dirname, '..', 'src');

function handlers(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return handlers(full);
    return e.name.endsWith('.lambda.ts') ? [full] : [];
  });
}

describe('Lambda handlers', () => {
  const files = handlers(SRC);

  test('the library ships the preview reaper, the delivery metrics recorder and the deployment smoke test', () => {
    expect(files.map((f) => path.relative(SRC, f)).sort()).toEqual(['delivery/recorder.lambda.ts', 'preview/reaper.lambda.ts', 'service/smoke-test.lambda.ts']);
  });

  test.each(files.map((f) => [path.relative(SRC, f), f]))('%s uses Powertools Logger and Metrics', (_name, file) => {
    const source = fs.readFileSync(file, 'utf-8');
    expect(source).toMatch(/from '@aws-lambda-powertools\/logger'/);
    expect(source).toMatch(/from '@aws-lambda-powertools\/metrics'/);
    expect(source).toMatch(/new Logger\(/);
    expect(source).toMatch(/new Metrics\(/);
  });
});
