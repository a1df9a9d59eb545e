import { Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { PROFILES } from './fixtures';
import { expectNagClean, testApp, testStack, validationError } from './nag';
import { PreviewDeployments, PreviewDeploymentsProps, PreviewRoles, Profile } from '../src';

const REPO = { repositoryOwner: 'acme', repositoryName: 'checkout' };

describe('PreviewDeployments', () => {
  // GIVEN one app with the construct in every profile (one synth for every assertion below)
  const app = testApp();
  const stacks = Object.fromEntries(PROFILES.map((profile) => {
    const stack = testStack(app, `Previews-${profile}`);
    const previewRoles = new PreviewRoles(stack, 'PreviewRoles', { profile });
    new PreviewDeployments(stack, 'Previews', { profile, ...REPO, previewRoles });
    return [profile, stack];
  })) as Record<Profile, Stack>;
  // and one env-agnostic (account and region are tokens)
  const agnostic = new Stack(app, 'EnvAgnostic');
  new PreviewDeployments(agnostic, 'Construct', { ...REPO, previewRoles: new PreviewRoles(agnostic, 'PreviewRoles') });
  let nagError: unknown;
  try {
    expectNagClean(app);
  } catch (e) {
    nagError = e;
  }
  const template = Template.fromStack(stacks[Profile.DEV]);
  const project = Object.values(template.findResources('AWS::CodeBuild::Project'))[0];

  test('a GitHub webhook on pull requests into main only (anchored), untrusted ones waiting for an approval comment', () => {
    expect(project.Properties.Source).toMatchObject({ Type: 'GITHUB', Location: 'https://github.com/acme/checkout.git', Auth: { Type: 'OAUTH' } });
    expect(project.Properties.Triggers).toEqual({
      Webhook: true,
      FilterGroups: [[
        { Type: 'EVENT', Pattern: 'PULL_REQUEST_CREATED, PULL_REQUEST_UPDATED, PULL_REQUEST_REOPENED, PULL_REQUEST_MERGED, PULL_REQUEST_CLOSED' },
        { Type: 'BASE_REF', Pattern: '^refs/heads/main$' },
      ]],
      PullRequestBuildPolicy: { RequiresCommentApproval: 'ALL_PULL_REQUESTS', ApproverRoles: ['GITHUB_WRITE', 'GITHUB_MAINTAIN', 'GITHUB_ADMIN'] },
    });
  });

  test('trustedActorIds: only those GitHub users trigger builds at all', () => {
    const stack = testStack(testApp());
    new PreviewDeployments(stack, 'P', { ...REPO, previewRoles: new PreviewRoles(stack, 'R'), trustedActorIds: ['1234', '98765'], approverRoles: ['GITHUB_ADMIN'] });
    const p = Object.values(Template.fromStack(stack).findResources('AWS::CodeBuild::Project'))[0];
    expect(p.Properties.Triggers.FilterGroups[0]).toContainEqual({ Type: 'ACTOR_ACCOUNT_ID', Pattern: '^(1234|98765)$' });
    expect(p.Properties.Triggers.PullRequestBuildPolicy).toEqual({ RequiresCommentApproval: 'ALL_PULL_REQUESTS', ApproverRoles: ['GITHUB_ADMIN'] });
  });

  test('deploys on open/update, destroys on merge/close, with the head branch as context', () => {
    const buildSpec = JSON.parse(project.Properties.Source.BuildSpec);
    const script: string = buildSpec.phases.build.commands[0];
    expect(script).toContain('PREVIEW_BRANCH="${CODEBUILD_WEBHOOK_HEAD_REF#refs/heads/}"');
    expect(script).toMatch(/PULL_REQUEST_MERGED\|PULL_REQUEST_CLOSED\) npx cdk destroy 'Preview\/\*\*' --force -c branch="\$PREVIEW_BRANCH" ;;/);
    expect(script).toMatch(/\*\) npx cdk deploy 'Preview\/\*\*' --require-approval never -c branch="\$PREVIEW_BRANCH" ;;/);
    expect(buildSpec.phases.install.commands).toEqual(['npm ci']);
  });

  test('the build role may only assume the preview deploy role (and write its logs, use its key), never the bootstrap roles', () => {
    const policies = Object.values(template.findResources('AWS::IAM::ManagedPolicy'))
      .filter((p) => JSON.stringify(p.Properties.Roles ?? []).includes('PreviewsRole'));
    expect(policies).toHaveLength(1);
    const statements = policies[0].Properties.PolicyDocument.Statement;
    expect(statements.map((x: { Sid: string }) => x.Sid)).toEqual(['AssumeThePreviewDeployRoleOnly', 'WriteLogs', 'UseKey']);
    expect(statements[0]).toEqual({ Sid: 'AssumeThePreviewDeployRoleOnly', Effect: 'Allow', Action: 'sts:AssumeRole', Resource: { 'Fn::GetAtt': [expect.stringMatching(/^PreviewRolesDeployRole/), 'Arn'] } });
    // no CDK bootstrap role anywhere (the bootstrap bucket and repository are used for assets only)
    expect(JSON.stringify(template.toJSON()).match(/:role\/cdk-[a-z0-9]+-/g)).toBeNull();
    expect(template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: expect.stringMatching(/PreviewsRole/) }] } })).toEqual({});
    // only CodeBuild of this account assumes the build role
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'codebuild.amazonaws.com' }, Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' } } }] },
    });
    // the deploy role trusts the build role by ARN, and nobody else
    template.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'paved-road-preview-deploy-us-east-1',
      AssumeRolePolicyDocument: {
        Statement: [Match.objectLike({
          Condition: { ArnEquals: { 'aws:PrincipalArn': [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^PreviewsRole'), 'Arn'] }] } },
        })],
      },
    });
    expect(project.Properties.EncryptionKey).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/Key/), 'Arn'] });
    expect(project.Properties.Environment).toMatchObject({ PrivilegedMode: false, ComputeType: 'BUILD_GENERAL1_SMALL' });
  });

  test('zero unacknowledged findings in all four packs, in every profile', () => {
    expect(nagError).toBeUndefined();
  });

  test.each(PROFILES)('snapshot (%s)', (profile) => {
    expect(Template.fromStack(stacks[profile]).toJSON()).toMatchSnapshot();
  });

  test('base branch (matched exactly), context key, selector and install command', () => {
    const stack = testStack(testApp());
    new PreviewDeployments(stack, 'P', {
      ...REPO, previewRoles: new PreviewRoles(stack, 'R'), baseBranch: 'release/1.x', branchContextKey: 'preview', stackSelector: 'PullRequestPreview/**', installCommand: 'yarn',
    });
    const p = Object.values(Template.fromStack(stack).findResources('AWS::CodeBuild::Project'))[0];
    expect(p.Properties.Triggers.FilterGroups[0][1]).toEqual({ Type: 'BASE_REF', Pattern: '^refs/heads/release/1\\.x$' });
    expect(new RegExp(p.Properties.Triggers.FilterGroups[0][1].Pattern).test('refs/heads/release/1.x')).toBe(true);
    expect(new RegExp(p.Properties.Triggers.FilterGroups[0][1].Pattern).test('refs/heads/release/1x')).toBe(false);
    expect(new RegExp(p.Properties.Triggers.FilterGroups[0][1].Pattern).test('refs/heads/release/1.x-old')).toBe(false);
    expect(p.Properties.Source.BuildSpec).toContain('npx cdk deploy \'PullRequestPreview/**\' --require-approval never -c preview=\\"$PREVIEW_BRANCH\\"');
  });

  describe('bad input', () => {
    test('missing repository and roles, bad timeout and selector: reported together', () => {
      const e = validationError(() => new PreviewDeployments(testStack(testApp()), 'P', {
        repositoryOwner: '', repositoryName: 'a b', timeout: Duration.hours(9), stackSelector: '**',
      } as unknown as PreviewDeploymentsProps));
      expect(e.message).toMatch(/stackSelector: "\*\*" is not allowed; allowed: the path of the preview's stacks/);
      expect(e.message).toMatch(/repositoryOwner: is required/);
      expect(e.message).toMatch(/repositoryName: "a b" is not allowed/);
      expect(e.message).toMatch(/previewRoles: is required; pass the account's PreviewRoles/);
      expect(e.message).toMatch(/timeout: .* from 5 minutes to 8 hours/);
    });

    test.each([
      ['baseBranch', { baseBranch: '' }, /baseBranch: "" is not allowed; allowed: a branch name/],
      ['baseBranch', { baseBranch: 'main|.*' }, /baseBranch: "main\|\.\*" is not allowed/],
      ['baseBranch', { baseBranch: 'a..b' }, /baseBranch: "a\.\.b" is not allowed/],
      ['trustedActorIds', { trustedActorIds: [] }, /trustedActorIds: \[\] is not allowed; allowed: a non-empty list of numeric GitHub user ids/],
      ['trustedActorIds', { trustedActorIds: ['octocat'] }, /trustedActorIds: \["octocat"\] is not allowed/],
      ['approverRoles', { approverRoles: ['GITHUB_READ'] }, /approverRoles: \["GITHUB_READ"\] is not allowed; allowed: a non-empty list of GITHUB_WRITE, GITHUB_MAINTAIN, GITHUB_ADMIN/],
      ['approverRoles', { approverRoles: [] }, /approverRoles: \[\] is not allowed/],
      ['installCommand', { installCommand: ' ' }, /installCommand: " " is not allowed; allowed: a command/],
      ['previewRoles', { previewRoles: { deployRole: {} } }, /previewRoles: .* is not allowed; allowed: a PreviewRoles construct/],
    ])('%s %p is refused', (_prop, props, expected) => {
      const stack = testStack(testApp());
      expect(() => new PreviewDeployments(stack, 'P', { ...REPO, previewRoles: new PreviewRoles(stack, 'R'), ...props } as PreviewDeploymentsProps)).toThrow(expected);
    });
  });
});
