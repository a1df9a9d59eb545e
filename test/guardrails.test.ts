import * as fs from 'fs';
import * as path from 'path';
import { App, Stack, Stage } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { NagSuppressions } from 'cdk-nag';
import { ALL_PACKS, expectNagClean, testApp, testStack, validationError } from './nag';
import { CompliancePack, ContextKeys, PavedRoadGuardrails, Profile } from '../src';

/** A bucket that breaks AwsSolutions-S1 (no access logs) and S10 (no SSL enforcement). */
function unloggedBucket(stack: Stack, id = 'Bucket'): s3.Bucket {
  return new s3.Bucket(stack, id, { encryption: s3.BucketEncryption.S3_MANAGED, blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL });
}

describe('PavedRoadGuardrails', () => {
  test('GIVEN an unacknowledged finding WHEN app.synth() THEN it throws one error listing path: rule: message', () => {
    const app = testApp();
    unloggedBucket(testStack(app));
    PavedRoadGuardrails.enforce(app);
    expect(() => app.synth()).toThrow(/TestStack\/Bucket\/Resource: AwsSolutions-S1: The S3 Bucket has server access logs disabled/);
    expect(() => app.synth()).toThrow(/TestStack\/Bucket\/Resource: AwsSolutions-S10: /);
  });

  test('GIVEN the same finding acknowledged with a reason THEN synth passes and the acknowledgment is reported', () => {
    const app = testApp();
    const bucket = new s3.Bucket(testStack(app), 'Bucket', { enforceSSL: true });
    NagSuppressions.addResourceSuppressions(bucket, [{ id: 'AwsSolutions-S1', reason: 'This bucket is itself the access-log destination of the account.' }]);
    const guardrails = PavedRoadGuardrails.enforce(app, { report: true });
    const assembly = app.synth();
    expect(guardrails.findings).toEqual([]);
    expect(guardrails.acknowledgments).toEqual([{
      path: 'TestStack/Bucket/Resource',
      rule: 'AwsSolutions-S1',
      pack: 'AwsSolutions',
      reason: 'This bucket is itself the access-log destination of the account.',
    }]);
    const report = JSON.parse(fs.readFileSync(path.join(assembly.directory, 'paved-road-guardrails.json'), 'utf-8'));
    expect(report).toMatchObject({ library: 'paved-road-constructs', profile: 'dev', packs: ['aws-solutions', 'paved-road'], findings: [] });
    expect(report.acknowledgments).toHaveLength(1);
    expect(report.rulesEvaluated).toBeGreaterThan(report.acknowledgments.length);
  });

  test('GIVEN only warnings THEN synth passes, unless strict', () => {
    const make = (strict: boolean) => {
      const app = testApp();
      // AwsSolutions-DDB3 (no point-in-time recovery) is a warning-level rule.
      new dynamodb.Table(testStack(app), 'Table', {
        partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: false },
      });
      return { app, guardrails: PavedRoadGuardrails.enforce(app, { strict }) };
    };
    const lenient = make(false);
    expect(() => lenient.app.synth()).not.toThrow();
    expect(lenient.guardrails.findings.map((f) => `${f.rule}:${f.level}`)).toContain('AwsSolutions-DDB3:warning');
    const strict = make(true);
    expect(() => strict.app.synth()).toThrow(/\(profile dev; packs aws-solutions, paved-road; strict\) found 1 unacknowledged finding:\n {4}TestStack\/Table\/Resource: AwsSolutions-DDB3:/);
  });

  test.each([
    [Profile.DEV, ['aws-solutions', 'paved-road']],
    [Profile.PREVIEW, ['aws-solutions', 'paved-road']],
    [Profile.STAGING, ['aws-solutions', 'paved-road', 'nist-800-53-r5']],
    [Profile.PROD, ['aws-solutions', 'paved-road', 'nist-800-53-r5']],
  ])('GIVEN profile %s THEN the packs are %j', (profile, packs) => {
    expect(PavedRoadGuardrails.enforce(testApp(), { profile }).packs).toEqual(packs);
  });

  test('GIVEN prod in context THEN NIST 800-53 findings fail synthesis', () => {
    const app = testApp({ [ContextKeys.PROFILE]: 'prod' });
    unloggedBucket(testStack(app));
    PavedRoadGuardrails.enforce(app);
    expect(() => app.synth()).toThrow(/NIST\.800\.53\.R5-S3BucketLoggingEnabled/);
  });

  test('GIVEN packs, additionalPacks or a context list THEN AWS Solutions stays and the order is fixed', () => {
    expect(PavedRoadGuardrails.enforce(testApp(), { packs: [CompliancePack.PCI_DSS_321] }).packs).toEqual(['aws-solutions', 'paved-road', 'pci-dss-321']);
    expect(PavedRoadGuardrails.enforce(testApp(), { profile: Profile.PROD, additionalPacks: [CompliancePack.HIPAA_SECURITY] }).packs)
      .toEqual(['aws-solutions', 'paved-road', 'nist-800-53-r5', 'hipaa-security']);
    expect(PavedRoadGuardrails.enforce(testApp({ [ContextKeys.COMPLIANCE_PACKS]: 'HIPAA-security, pci-dss-321' })).packs)
      .toEqual(['aws-solutions', 'paved-road', 'hipaa-security', 'pci-dss-321']);
  });

  test('GIVEN unknown pack names THEN one error names each source, the value and the allowed packs', () => {
    const error = validationError(() => PavedRoadGuardrails.enforce(testApp({ [ContextKeys.COMPLIANCE_PACKS]: 'nist,sox' }), {
      additionalPacks: ['fedramp' as CompliancePack],
    }));
    expect(error.problems).toHaveLength(2);
    expect(error.message).toMatch(/additionalPacks: \["fedramp"\] is not allowed; allowed: a list of aws-solutions, paved-road, nist-800-53-r5, hipaa-security, pci-dss-321/);
    expect(error.message).toMatch(/context 'paved-road:compliance-packs': "nist,sox" is not allowed/);
    expect(() => PavedRoadGuardrails.enforce(testApp(), { packs: ['sox' as CompliancePack] })).toThrow(/packs: \["sox"\] is not allowed/);
  });

  test('GIVEN an app synthesized again after a change THEN the guardrails report that synthesis alone, with the change', () => {
    // Template.fromStack and Annotations.fromStack each synthesize the app again.
    const app = testApp();
    const bucket = new s3.Bucket(testStack(app), 'Bucket', { enforceSSL: true });
    NagSuppressions.addResourceSuppressions(bucket, [{ id: 'AwsSolutions-S1', reason: 'Test bucket: it is the access-log destination of the account.' }]);
    const guardrails = PavedRoadGuardrails.enforce(app);
    const acknowledged = () => guardrails.acknowledgments.map((a) => `${a.path} ${a.rule}`);
    app.synth();
    expect(acknowledged()).toEqual(['TestStack/Bucket/Resource AwsSolutions-S1']);
    app.synth({ force: true });
    expect(acknowledged()).toEqual(['TestStack/Bucket/Resource AwsSolutions-S1']);

    // The bucket now logs: S1 no longer applies, so nothing is acknowledged.
    (bucket.node.defaultChild as s3.CfnBucket).loggingConfiguration = { destinationBucketName: 'account-access-logs' };
    app.synth({ force: true });
    expect(acknowledged()).toEqual([]);
  });

  test('enforce is idempotent on one scope', () => {
    const app = testApp();
    const first = PavedRoadGuardrails.enforce(app, { strict: true });
    expect(PavedRoadGuardrails.enforce(app)).toBe(first);
    expect(PavedRoadGuardrails.of(app)).toBe(first);
  });

  test('GIVEN a stage created after enforce THEN synthesis fails instead of skipping it', () => {
    const app = testApp();
    PavedRoadGuardrails.enforce(app);
    new Stack(new Stage(app, 'Late'), 'Data');
    expect(() => app.synth()).toThrow(/stage 'Late' was created after PavedRoadGuardrails.enforce/);
  });

  test('GIVEN a stage inside the app THEN its stacks are checked too, with the stage profile', () => {
    const app = testApp();
    const stage = new Stage(app, 'Prod', { env: { account: '123456789012', region: 'us-east-1' } });
    stage.node.setContext(ContextKeys.PROFILE, 'prod');
    unloggedBucket(new Stack(stage, 'Data'));
    PavedRoadGuardrails.enforce(app); // after the stages are built, as the README says
    expect(() => app.synth()).toThrow(/Prod\/Data\/Bucket\/Resource: NIST\.800\.53\.R5-S3BucketLoggingEnabled/);
    expect(PavedRoadGuardrails.of(stage)?.profile).toBe(Profile.PROD);
  });
});

describe('test helper expectNagClean (negative control)', () => {
  test('GIVEN a resource that breaks rules of every pack THEN it throws and names a rule of each pack', () => {
    const app = new App({ context: { [ContextKeys.OWNER]: 'team-test' } });
    unloggedBucket(testStack(app));
    let message = '';
    try {
      expectNagClean(app);
    } catch (e) {
      message = (e as Error).message;
    }
    for (const prefix of ['AwsSolutions-', 'NIST.800.53.R5-', 'HIPAA.Security-', 'PCI.DSS.321-']) {
      expect(message).toContain(`TestStack/Bucket/Resource: ${prefix}`);
    }
    expect(ALL_PACKS).toHaveLength(4);
  });
});
