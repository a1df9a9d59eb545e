/**
 * A dev-profile PreviewReaper in dry-run mode with the guardrails enforced on its stack (all four packs, strict).
 * Once deployed, invoking the function with `{"dryRun": true}` must run one full pass over the account's stacks
 * (the real CloudFormation API, paging and all) and return a dry-run report without deleting anything.
 */
import { ExpectedResult, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { CompliancePack, PavedRoadGuardrails, PreviewReaper, Profile } from '../src';

const app = new App({ context: { 'paved-road:owner': 'team-platform' } });
const stack = new Stack(app, 'PreviewReaperDryRun');
const reaper = new PreviewReaper(stack, 'PreviewReaper', {
  profile: Profile.DEV,
  dryRun: true,
  interval: Duration.hours(1),
  warnBefore: Duration.hours(2),
});
PavedRoadGuardrails.enforce(stack, {
  packs: [CompliancePack.AWS_SOLUTIONS, CompliancePack.NIST_800_53_R5, CompliancePack.HIPAA_SECURITY, CompliancePack.PCI_DSS_321],
  strict: true,
});

const integ = new IntegTest(app, 'PreviewReaperDryRunTest', { testCases: [stack] });

integ.assertions.invokeFunction({
  functionName: reaper.reaperFunction.functionName,
  payload: JSON.stringify({ dryRun: true }),
}).expect(ExpectedResult.objectLike({
  StatusCode: 200,
  Payload: Match.objectLike({ dryRun: true, deleted: [], retried: [], errors: [] }),
}));
