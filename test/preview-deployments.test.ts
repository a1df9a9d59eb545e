import { Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { expectNagClean, testApp, testStack, validationError } from './nag';
import { PreviewDeployments, Profile } from '../src';

const PROFILES = [Profile.DEV, Profile.STAGING, Profile.PROD, Profile.PREVIEW];
const REPO = { repositoryOwner: 'acme', repositoryName: 'checkout' };

describe('PreviewDeployments', () => {
  // GIVEN one app with the construct in every profile (one synth for every assertion below)
  const app = testApp();
  const stacks = Object.fromEntries(PROFILES.map((profile) => {
    const stack = testStack(app, `Previews-${profile}`);
    new PreviewDeployments(stack, 'Previews', { profile, ...REPO });
    return [profile, stack];
  })) as Record<Profile, Stack>;
  // and one env-agnostic (account and region are tokens)
  new PreviewDeployments(new Stack(app, 'EnvAgnostic'), 'Construct', REPO);
  let nagError: unknown;
  try {
    expectNagClean(app);
  } catch (e) {
    nagError = e;
  }
  const template = Template.fromStack(stacks[Profile.DEV]);
  const project = Object.values(template.findResources('AWS::CodeBuild::Project'))[0];

  test('a GitHub webhook on pull requests into main: opened, updated, reopened, merged, closed', () => {
    expect(project.Properties.Source).toMatchObject({ Type: 'GITHUB', Location: 'https://github.com/acme/checkout.git', Auth: { Type: 'OAUTH' } });
    expect(project.Properties.Triggers).toEqual({
      Webhook: true,
      FilterGroups: [[
        { Type: 'EVENT', Pattern: 'PULL_REQUEST_CREATED, PULL_REQUEST_UPDATED, PULL_REQUEST_REOPENED, PULL_REQUEST_MERGED, PULL_REQUEST_CLOSED' },
        { Type: 'BASE_REF', Pattern: 'refs/heads/main' },
      ]],
    });
  });

  test('deploys on open/update, destroys on merge/close, with the head branch as context', () => {
    const buildSpec = JSON.parse(project.Properties.Source.BuildSpec);
    const script: string = buildSpec.phases.build.commands[0];
    expect(script).toContain('PREVIEW_BRANCH="${CODEBUILD_WEBHOOK_HEAD_REF#refs/heads/}"');
    expect(script).toMatch(/PULL_REQUEST_MERGED\|PULL_REQUEST_CLOSED\) npx cdk destroy 'Preview\/\*\*' --force -c branch="\$PREVIEW_BRANCH" ;;/);
    expect(script).toMatch(/\*\) npx cdk deploy 'Preview\/\*\*' --require-approval never -c branch="\$PREVIEW_BRANCH" ;;/);
    expect(buildSpec.phases.install.commands).toEqual(['npm ci']);
  });

  test('the build role may only assume the CDK bootstrap roles (and write its logs, use its key)', () => {
    template.hasResourceProperties('AWS::IAM::ManagedPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Action: ['sts:AssumeRole', 'sts:TagSession'],
          Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::123456789012:role/cdk-hnb659fds-*']] },
        })]),
      },
    });
    expect(template.findResources('AWS::IAM::Policy')).toEqual({});
    expect(project.Properties.EncryptionKey).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/Key/), 'Arn'] });
    expect(project.Properties.Environment).toMatchObject({ PrivilegedMode: false, ComputeType: 'BUILD_GENERAL1_SMALL' });
  });

  test('zero unacknowledged findings in all four packs, in every profile', () => {
    expect(nagError).toBeUndefined();
  });

  test.each(PROFILES)('snapshot (%s)', (profile) => {
    expect(Template.fromStack(stacks[profile]).toJSON()).toMatchSnapshot();
  });

  test('base branch, context key, selector, qualifier and install command', () => {
    const stack = testStack(testApp());
    new PreviewDeployments(stack, 'P', {
      ...REPO, baseBranch: 'develop', branchContextKey: 'preview', stackSelector: 'PullRequestPreview/**', bootstrapQualifier: 'abc123', installCommand: 'yarn',
    });
    const p = Object.values(Template.fromStack(stack).findResources('AWS::CodeBuild::Project'))[0];
    expect(p.Properties.Triggers.FilterGroups[0][1]).toEqual({ Type: 'BASE_REF', Pattern: 'refs/heads/develop' });
    expect(p.Properties.Source.BuildSpec).toContain('npx cdk deploy \'PullRequestPreview/**\' --require-approval never -c preview=\\"$PREVIEW_BRANCH\\"');
    expect(JSON.stringify(Template.fromStack(stack).toJSON())).toContain(':role/cdk-abc123-*');
  });

  describe('bad input', () => {
    test('missing repository, bad qualifier and timeout: reported together', () => {
      const e = validationError(() => new PreviewDeployments(testStack(testApp()), 'P', {
        repositoryOwner: '', repositoryName: 'a b', bootstrapQualifier: 'Has-Caps', timeout: Duration.hours(9), stackSelector: '**',
      }));
      expect(e.message).toMatch(/stackSelector: "\*\*" is not allowed; allowed: the path of the preview's stacks/);
      expect(e.message).toMatch(/repositoryOwner: is required/);
      expect(e.message).toMatch(/repositoryName: "a b" is not allowed/);
      expect(e.message).toMatch(/bootstrapQualifier: "Has-Caps" is not allowed/);
      expect(e.message).toMatch(/timeout: .* from 5 minutes to 8 hours/);
    });
  });
});
