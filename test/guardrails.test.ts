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
  test('GIVEN unacknowledged findings WHEN app.synth() THEN it throws one error listing each rule with its message and the paths it found', () => {
    const app = testApp();
    unloggedBucket(testStack(app));
    PavedRoadGuardrails.enforce(app);
    expect(() => app.synth()).toThrow(new RegExp([
      'PavedRoadGuardrails found 2 unacknowledged findings \\(the app: 2\\), by stage and rule; every stage was checked before synthesis failed:\n',
      ' {2}the app \\(profile dev; packs aws-solutions, paved-road\\): 2 unacknowledged findings\n',
      ' {4}AwsSolutions-S1: The S3 Bucket has server access logs disabled\\.\n {6}TestStack/Bucket/Resource\n',
      ' {4}AwsSolutions-S10: The S3 Bucket or bucket policy does not require requests to use SSL\\.\n {6}TestStack/Bucket/Resource\n',
      ' {2}Fix each resource, or acknowledge a finding on that resource',
    ].join('')));
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
    expect(() => strict.app.synth()).toThrow(/the app \(profile dev; packs aws-solutions, paved-road; strict\): 1 unacknowledged finding\n {4}AwsSolutions-DDB3 \(warning\): .*\n {6}TestStack\/Table\/Resource\n/);
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
    expect(() => app.synth()).toThrow(/stage 'Prod' \(profile prod; [^)]*\): \d+ unacknowledged findings\n(?: {4}.*\n)*? {4}NIST\.800\.53\.R5-S3BucketLoggingEnabled: .*\n {6}Prod\/Data\/Bucket\/Resource\n/);
    expect(PavedRoadGuardrails.of(stage)?.profile).toBe(Profile.PROD);
  });
  describe('the profile\'s packs are a floor', () => {
    const NIST_REASON = 'Internal analytics account: NIST 800-53 is not in scope for this workload.';

    /** A bucket that passes AwsSolutions (S1 acknowledged, SSL enforced) but breaks NIST 800-53 rules. */
    function awsSolutionsCleanBucket(stack: Stack): s3.Bucket {
      const bucket = new s3.Bucket(stack, 'Bucket', { enforceSSL: true });
      NagSuppressions.addResourceSuppressions(bucket, [{ id: 'AwsSolutions-S1', reason: 'This bucket is itself the access-log destination of the account.' }]);
      return bucket;
    }

    test('GIVEN a prod app with the context packs hipaa-security WHEN synthesized THEN NIST 800-53 still applies and its findings fail synthesis', () => {
      // GIVEN
      const app = testApp({ [ContextKeys.PROFILE]: 'prod', [ContextKeys.COMPLIANCE_PACKS]: 'hipaa-security' });
      unloggedBucket(testStack(app));
      // WHEN
      const guardrails = PavedRoadGuardrails.enforce(app);
      // THEN
      expect(guardrails.packs).toEqual(['aws-solutions', 'paved-road', 'nist-800-53-r5', 'hipaa-security']);
      expect(() => app.synth()).toThrow(/ {4}NIST\.800\.53\.R5-S3BucketLoggingEnabled: .*\n {6}TestStack\/Bucket\/Resource\n/);
    });

    test('GIVEN packs on a prod app THEN they are added to the profile\'s packs, not put in their place', () => {
      expect(PavedRoadGuardrails.enforce(testApp(), { profile: Profile.PROD, packs: [CompliancePack.PCI_DSS_321] }).packs)
        .toEqual(['aws-solutions', 'paved-road', 'nist-800-53-r5', 'pci-dss-321']);
    });

    test('GIVEN a dev app with a context pack and a prod stage THEN the stage keeps its own profile\'s packs and adds the context pack', () => {
      // GIVEN
      const app = testApp({ [ContextKeys.COMPLIANCE_PACKS]: 'hipaa-security' });
      const stage = new Stage(app, 'Prod');
      stage.node.setContext(ContextKeys.PROFILE, 'prod');
      new Stack(stage, 'Data');
      // WHEN
      PavedRoadGuardrails.enforce(app);
      // THEN
      expect(PavedRoadGuardrails.of(stage)?.packs).toEqual(['aws-solutions', 'paved-road', 'nist-800-53-r5', 'hipaa-security']);
    });

    test('GIVEN a pack exception with a reason WHEN synthesized with report THEN the pack is not applied and the stack report lists the exception', () => {
      // GIVEN
      const app = testApp({ [ContextKeys.PROFILE]: 'prod' });
      awsSolutionsCleanBucket(testStack(app));
      // WHEN
      const guardrails = PavedRoadGuardrails.enforce(app, {
        report: true,
        packExceptions: [{ pack: CompliancePack.NIST_800_53_R5, reason: NIST_REASON }],
      });
      const assembly = app.synth();
      // THEN
      expect(guardrails.packs).toEqual(['aws-solutions', 'paved-road']);
      expect(guardrails.packExceptions).toEqual([{ pack: 'nist-800-53-r5', reason: NIST_REASON }]);
      const report = JSON.parse(fs.readFileSync(path.join(assembly.directory, 'paved-road-compliance', 'TestStack.json'), 'utf-8'));
      expect(report.packs).toEqual(['aws-solutions', 'paved-road']);
      expect(report.exceptions).toEqual([{ path: '', control: 'pack:nist-800-53-r5', reason: NIST_REASON }]);
      expect(fs.readFileSync(path.join(assembly.directory, 'paved-road-compliance', 'TestStack.md'), 'utf-8')).toContain(`| pack:nist-800-53-r5 | ${NIST_REASON} |`);
    });

    test('GIVEN a pack exception on a dev app with a prod stage THEN only the prod stage drops the pack, and its stacks\' reports list it', () => {
      // GIVEN
      const app = testApp();
      const prod = new Stage(app, 'Prod');
      prod.node.setContext(ContextKeys.PROFILE, 'prod');
      const data = new Stack(prod, 'Data');
      awsSolutionsCleanBucket(data);
      // WHEN
      PavedRoadGuardrails.enforce(app, { report: true, packExceptions: [{ pack: CompliancePack.NIST_800_53_R5, reason: NIST_REASON }] });
      const assembly = app.synth();
      // THEN
      expect(PavedRoadGuardrails.of(app)?.packExceptions).toEqual([]);
      expect(PavedRoadGuardrails.of(prod)?.packs).toEqual(['aws-solutions', 'paved-road']);
      const reportFile = path.join(assembly.getNestedAssembly(prod.artifactId).directory, 'paved-road-compliance', `${data.artifactId}.json`);
      const report = JSON.parse(fs.readFileSync(reportFile, 'utf-8'));
      expect(report.exceptions).toEqual([{ path: 'Prod', control: 'pack:nist-800-53-r5', reason: NIST_REASON }]);
    });

    test.each([
      ['an empty reason', '', /packExceptions\[0\]\.reason: "" is not allowed; allowed: a reason of at least 20 characters/],
      ['a short reason', 'not needed', /packExceptions\[0\]\.reason: "not needed" is not allowed; allowed: a reason of at least 20 characters/],
      ['a reason without a letter', '-------------------------', /packExceptions\[0\]\.reason: "-+" is not allowed/],
      ['no reason', undefined, /packExceptions\[0\]\.reason: is required/],
    ])('GIVEN a pack exception with %s THEN enforce throws naming packExceptions[0].reason', (_, reason, error) => {
      const app = testApp({ [ContextKeys.PROFILE]: 'prod' });
      const packExceptions = [{ pack: CompliancePack.NIST_800_53_R5, reason: reason as string }];
      expect(() => PavedRoadGuardrails.enforce(app, { packExceptions })).toThrow(error);
    });

    test('GIVEN a pack exception for a pack the profile does not apply THEN enforce throws naming packExceptions[0].pack', () => {
      expect(() => PavedRoadGuardrails.enforce(testApp(), { packExceptions: [{ pack: CompliancePack.NIST_800_53_R5, reason: NIST_REASON }] }))
        .toThrow(/packExceptions\[0\]\.pack: "nist-800-53-r5" is not allowed; allowed: a pack that the profile \(dev\) applies here and may be removed: none/);
    });

    test.each([CompliancePack.AWS_SOLUTIONS, CompliancePack.PAVED_ROAD])('GIVEN a pack exception for %s THEN enforce throws: it is always applied', (pack) => {
      expect(() => PavedRoadGuardrails.enforce(testApp({ [ContextKeys.PROFILE]: 'prod' }), { packExceptions: [{ pack, reason: NIST_REASON }] }))
        .toThrow(new RegExp(`packExceptions\\[0\\]\\.pack: "${pack}" is not allowed; allowed: a pack of the profile other than aws-solutions and paved-road, which are always applied`));
    });

    test('GIVEN a pack exception for a pack the context also asks for THEN enforce throws naming packExceptions[0].pack', () => {
      const app = testApp({ [ContextKeys.PROFILE]: 'prod', [ContextKeys.COMPLIANCE_PACKS]: 'nist-800-53-r5' });
      expect(() => PavedRoadGuardrails.enforce(app, { packExceptions: [{ pack: CompliancePack.NIST_800_53_R5, reason: NIST_REASON }] }))
        .toThrow(/packExceptions\[0\]\.pack: "nist-800-53-r5" is not allowed; allowed: a pack that packs, additionalPacks and the context 'paved-road:compliance-packs' do not also ask for/);
    });
  });

  describe('mandatoryRules', () => {
    test('GIVEN rule ids that the applied packs define THEN enforce accepts them', () => {
      expect(PavedRoadGuardrails.enforce(testApp(), { mandatoryRules: ['AwsSolutions-S10', 'PavedRoad-OpenIngress'] }).mandatoryRules)
        .toEqual(['AwsSolutions-S10', 'PavedRoad-OpenIngress']);
    });

    test('GIVEN an unknown rule id with a known prefix THEN enforce throws naming mandatoryRules, the id and where the ids are listed', () => {
      expect(() => PavedRoadGuardrails.enforce(testApp(), { mandatoryRules: ['PavedRoad-OpenIngress', 'AwsSolutions-NOPE1'] }))
        .toThrow(/mandatoryRules: \["PavedRoad-OpenIngress","AwsSolutions-NOPE1"\] is not allowed; allowed: rule ids of the applied packs \(aws-solutions, paved-road\) only; unknown here: "AwsSolutions-NOPE1"; .*RULES\.md/);
      expect(() => PavedRoadGuardrails.enforce(testApp(), { mandatoryRules: ['AwsSolutions-S01'] }))
        .toThrow(/unknown here: "AwsSolutions-S01" \(did you mean AwsSolutions-S1\b/);
    });

    test('GIVEN a rule id of a pack that is not applied THEN enforce throws naming the pack', () => {
      expect(() => PavedRoadGuardrails.enforce(testApp(), { mandatoryRules: ['NIST.800.53.R5-S3BucketLoggingEnabled'] }))
        .toThrow(/mandatoryRules: .* unknown here: "NIST\.800\.53\.R5-S3BucketLoggingEnabled" \(a rule of nist-800-53-r5, which is not applied here: add it with additionalPacks\)/);
    });
  });

  describe('enforce called again', () => {
    test('GIVEN guardrails on the app WHEN enforce is called again with the same options or an unchanged default THEN it returns them', () => {
      const app = testApp();
      const first = PavedRoadGuardrails.enforce(app, { strict: true, packs: [CompliancePack.HIPAA_SECURITY, CompliancePack.PCI_DSS_321] });
      expect(PavedRoadGuardrails.enforce(app, { strict: true, packs: [CompliancePack.PCI_DSS_321, CompliancePack.HIPAA_SECURITY] })).toBe(first);
      expect(PavedRoadGuardrails.enforce(app, { report: false, additionalPacks: [CompliancePack.PCI_DSS_321] })).toBe(first);
    });

    test('GIVEN guardrails on the app WHEN enforce is called again with other options THEN it throws naming the scope and each option that differs', () => {
      // GIVEN
      const app = testApp();
      PavedRoadGuardrails.enforce(app, { strict: true });
      // WHEN / THEN
      const error = validationError(() => PavedRoadGuardrails.enforce(app, {
        report: true,
        strict: true,
        additionalPacks: [CompliancePack.HIPAA_SECURITY],
      }));
      expect(error.message).toMatch(/PavedRoadGuardrails\.enforce, called again on '\(app\)' has 2 invalid props/);
      expect(error.message).toMatch(/report: true is not allowed; allowed: what the PavedRoadGuardrails already enforced on '\(app\)' apply \(report: false\)/);
      expect(error.message).toMatch(/additionalPacks: \["hipaa-security"\] is not allowed; allowed: .*\(packs: \["aws-solutions","paved-road"\]\)/);
    });

    test('GIVEN a stage with guardrails of its own WHEN the app enforces stricter options THEN synthesis fails instead of checking the stage less', () => {
      // GIVEN
      const app = testApp();
      const stage = new Stage(app, 'Team');
      new Stack(stage, 'Data');
      PavedRoadGuardrails.enforce(stage);
      // WHEN
      PavedRoadGuardrails.enforce(app, { strict: true, additionalPacks: [CompliancePack.PCI_DSS_321] });
      // THEN
      expect(() => app.synth()).toThrow(/stage 'Team' had guardrails of its own when PavedRoadGuardrails\.enforce\(app\) reached it, which check less: without packs pci-dss-321, strict/);
    });
  });
});

describe('PavedRoadGuardrails report every stage\'s findings in one synthesis', () => {
  /** An app with a dev and a staging stage whose stacks each hold an unlogged bucket: findings in both. */
  function twoStageApp(): { app: App; dev: Stage; staging: Stage } {
    const app = testApp();
    const stages = (['dev', 'staging'] as const).map((profile) => {
      const stage = new Stage(app, profile === 'dev' ? 'Dev' : 'Staging', { env: { account: '123456789012', region: 'us-east-1' } });
      stage.node.setContext(ContextKeys.PROFILE, profile);
      unloggedBucket(new Stack(stage, 'Data'));
      return stage;
    });
    return { app, dev: stages[0], staging: stages[1] };
  }

  /** The message of the error `fn` throws. */
  function messageOf(fn: () => unknown): string {
    try {
      fn();
    } catch (e) {
      return (e as Error).message;
    }
    throw new Error('expected an error, but nothing was thrown');
  }

  test('GIVEN dev and staging stages that both have findings WHEN the app synthesizes THEN one error lists both stages\' findings, by stage and rule', () => {
    // GIVEN
    const { app } = twoStageApp();
    PavedRoadGuardrails.enforce(app);
    // WHEN
    const message = messageOf(() => app.synth());
    // THEN one report, dev's section first, each rule once per stage with its paths below it
    expect(message.match(/PavedRoadGuardrails found/g)).toHaveLength(1);
    expect(message).toMatch(/PavedRoadGuardrails found 9 unacknowledged findings \(stage 'Dev': 2, stage 'Staging': 7\), by stage and rule/);
    expect(message).toMatch(new RegExp([
      " {2}stage 'Dev' \\(profile dev; packs aws-solutions, paved-road\\): 2 unacknowledged findings\n",
      ' {4}AwsSolutions-S1: The S3 Bucket has server access logs disabled\\.\n {6}Dev/Data/Bucket/Resource\n',
      ' {4}AwsSolutions-S10: .*\n {6}Dev/Data/Bucket/Resource\n',
      " {2}stage 'Staging' \\(profile staging; packs aws-solutions, paved-road, nist-800-53-r5\\): 7 unacknowledged findings\n",
      ' {4}AwsSolutions-S1: The S3 Bucket has server access logs disabled\\.\n {6}Staging/Data/Bucket/Resource\n',
    ].join('')));
    expect(message).toMatch(/ {4}NIST\.800\.53\.R5-S3BucketLoggingEnabled: .*\n {6}Staging\/Data\/Bucket\/Resource\n/);
  });

  test('GIVEN the dev stage fixed WHEN the app synthesizes again THEN only staging is listed', () => {
    const { app, dev } = twoStageApp();
    PavedRoadGuardrails.enforce(app);
    NagSuppressions.addStackSuppressions(dev.node.findChild('Data') as Stack, [
      { id: 'AwsSolutions-S1', reason: 'Test data: this bucket is the access-log destination of the account.' },
      { id: 'AwsSolutions-S10', reason: 'Test data: nothing reads or writes this bucket over the network.' },
    ]);
    const message = messageOf(() => app.synth());
    expect(message).toMatch(/found 7 unacknowledged findings \(stage 'Staging': 7\)/);
    expect(message).not.toContain("stage 'Dev'");
  });

  test('GIVEN a stage synthesized on its own (as CDK Pipelines does when it adds it) THEN it does not fail: the app\'s synthesis reports it with the others', () => {
    const { app, dev } = twoStageApp();
    const guardrails = PavedRoadGuardrails.enforce(app);
    expect(() => dev.synth()).not.toThrow();
    expect(PavedRoadGuardrails.of(dev)!.findings.map((f) => f.rule)).toEqual(['AwsSolutions-S1', 'AwsSolutions-S10']);
    expect(guardrails.findings).toEqual([]);
    expect(() => app.synth()).toThrow(/stage 'Dev'.*\n(?:.*\n)*  stage 'Staging'/);
  });

  test('GIVEN guardrails enforced on each stage only, not on the app THEN the app still fails once, listing both stages', () => {
    const { app, dev, staging } = twoStageApp();
    PavedRoadGuardrails.enforce(dev);
    PavedRoadGuardrails.enforce(staging);
    expect(messageOf(() => app.synth())).toMatch(/found 9 unacknowledged findings \(stage 'Dev': 2, stage 'Staging': 7\)/);
  });

  test('GIVEN a mandatory rule acknowledged in dev and cfn-guard violations there, and findings in staging THEN one error lists each under its stage', () => {
    const { app, dev } = twoStageApp();
    const retained = new s3.Bucket(new Stack(dev, 'Logs'), 'Archive', { enforceSSL: true, serverAccessLogsPrefix: 'self/' });
    NagSuppressions.addResourceSuppressions(retained, [{ id: 'PavedRoad-StatefulRetained', reason: 'We want this archive gone with the stack, really.' }]);
    PavedRoadGuardrails.enforce(app, { guard: true });
    const message = messageOf(() => app.synth());
    const devSection = message.split("  stage 'Staging'")[0].split("  stage 'Dev'")[1] ?? '';
    expect(devSection).toMatch(/\n {4}Dev\/Logs\/Archive\/Resource: PavedRoad-StatefulRetained is mandatory on this platform and cannot be acknowledged/);
    expect(devSection).toMatch(/\n {4}cfn-guard \(AWS Control Tower proactive controls\) found \d+ violations?:\n {8}Dev\/Data\/Bucket\/Resource: /);
    expect(message.split("  stage 'Staging'")[1]).toMatch(/^ \(profile staging; [^)]*\): 7 unacknowledged findings, 1 other problem\n/);
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
      expect(message).toMatch(new RegExp(`\\n {4}${prefix.replace(/\./g, '\\.')}[^\\n]*\\n {6}TestStack/Bucket/Resource\\n`));
    }
    expect(ALL_PACKS).toHaveLength(4);
  });
});
