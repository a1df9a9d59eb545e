/*
 * Stock cdk-nag versus the library's shared rule outcomes (src/guardrails/shared-rule-outcomes.ts), for
 * one cdk-nag version. Each test/cdk-nag-parity-<end>.test.ts maps `cdk-nag` to one npm alias of it
 * (`jest.mock('cdk-nag', () => jest.requireActual('cdk-nag-<end>'))`) and calls `describeCdkNagParity`:
 * the library's own imports of cdk-nag, the stock packs here and the fixture's NagSuppressions then all
 * come from that version, in that file's module registry.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, AspectPriority, Aspects, CfnResource, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as nag from 'cdk-nag';
import { IConstruct } from 'constructs';
import { DEFAULT_MANDATORY_RULES, MANDATORY_NAG_RULE, ParityFixture, parityFixture } from './cdk-nag-parity-fixtures';
import { useFixedClock } from './clock';
import { ALL_PACKS, testApp, testStack } from './nag';
import { CompliancePack, PavedRoadGuardrails, PavedRoadGuardrailsOptions } from '../src';
import { FindingCollector } from '../src/guardrails/finding-collector';
import { nestedStages } from '../src/guardrails/guardrail-resolution';
import { CDK_NAG_PACKS, PACK_RULE_PREFIX } from '../src/guardrails/nag-packs';
import { packRuleIds } from '../src/guardrails/pack-rule-ids';
import { RuleOutcomes, sharingOutcomes } from '../src/guardrails/shared-rule-outcomes';

type NagPackName = Exclude<CompliancePack, CompliancePack.PAVED_ROAD>;
/** cdk-nag's own pack classes, from the version under test. */
const STOCK: Record<NagPackName, new (props: nag.NagPackProps) => nag.NagPack> = {
  [CompliancePack.AWS_SOLUTIONS]: nag.AwsSolutionsChecks,
  [CompliancePack.NIST_800_53_R5]: nag.NIST80053R5Checks,
  [CompliancePack.HIPAA_SECURITY]: nag.HIPAASecurityChecks,
  [CompliancePack.PCI_DSS_321]: nag.PCIDSS321Checks,
};
const NAG_PACKS = Object.keys(STOCK) as NagPackName[];
const PEER_RANGE: string = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf-8')).peerDependencies['cdk-nag'];

/** What one pack reports, in the form both paths share: PavedRoadGuardrails' own rows. */
export interface Reported {
  readonly findings: ReadonlyArray<{ path: string; rule: string; level: string; message: string }>;
  readonly acknowledgments: ReadonlyArray<{ path: string; rule: string; reason: string; pack: string }>;
}

/** The rows only one side has (a multiset difference, so a row reported twice on one side counts). */
export function differences(stock: readonly object[], shared: readonly object[]): { onlyStock: string[]; onlyShared: string[] } {
  const count = new Map<string, number>();
  for (const row of stock) count.set(JSON.stringify(row), (count.get(JSON.stringify(row)) ?? 0) + 1);
  for (const row of shared) count.set(JSON.stringify(row), (count.get(JSON.stringify(row)) ?? 0) - 1);
  const side = (sign: number) => [...count].flatMap(([row, n]) => Array<string>(Math.max(0, sign * n)).fill(row)).sort();
  return { onlyStock: side(1), onlyShared: side(-1) };
}

/** Why the counts show that the shared evaluation was not in effect, if they do. */
export function sharingProblems(counts: { evaluated: number; reused: number }): string[] {
  const problems: string[] = [];
  if (counts.evaluated === 0) problems.push('no rule was evaluated through RuleOutcomes: cdk-nag no longer calls the applyRule override');
  if (counts.reused === 0) problems.push('no rule outcome was reused: the packs share no evaluation');
  return problems;
}

/** The RuleOutcomes of every enforcement in `run`, summed. */
function sharedEvaluations(run: () => void): { evaluated: number; reused: number } {
  const spy = jest.spyOn(RuleOutcomes.prototype, 'outcome');
  try {
    run();
    const all = new Set(spy.mock.contexts as RuleOutcomes[]);
    return [...all].reduce((sum, o) => ({ evaluated: sum.evaluated + o.evaluated, reused: sum.reused + o.reused }), { evaluated: 0, reused: 0 });
  } finally {
    spy.mockRestore();
  }
}

/** cdk-nag's own packs on `scope`, as PavedRoadGuardrails applies them there (packs, ignore condition, verbosity). */
function addStockPacks(scope: IConstruct, guardrails: PavedRoadGuardrails): FindingCollector {
  const collector = new FindingCollector();
  const mandatory = new Set(guardrails.mandatoryRules);
  const props: nag.NagPackProps = {
    verbose: true,
    reports: false,
    additionalLoggers: [collector],
    suppressionIgnoreCondition: { createMessage: (input) => (mandatory.has(input.ruleId) ? `${input.ruleId} is mandatory.` : '') },
  };
  for (const pack of guardrails.packs) {
    if (pack !== CompliancePack.PAVED_ROAD) Aspects.of(scope).add(new STOCK[pack](props), { priority: AspectPriority.READONLY });
  }
  return collector;
}

const withoutPavedRoad = (r: Reported): Reported => ({
  findings: r.findings.filter((f) => !f.rule.startsWith(PACK_RULE_PREFIX[CompliancePack.PAVED_ROAD])),
  acknowledgments: r.acknowledgments.filter((a) => !a.rule.startsWith(PACK_RULE_PREFIX[CompliancePack.PAVED_ROAD])),
});
const merged = (all: Reported[]): Reported => ({ findings: all.flatMap((r) => r.findings), acknowledgments: all.flatMap((r) => r.acknowledgments) });

/** What the guardrails and cdk-nag's own packs reported on the same trees, and the guardrails' shared evaluations. */
export interface Comparison {
  readonly stock: Reported;
  /** The guardrails' findings and acknowledgments, less those of their own pack (cdk-nag has no stock version of it). */
  readonly shared: Reported;
  readonly sharing: { evaluated: number; reused: number };
  /** The apps whose synthesis the guardrails failed for unacknowledged findings. */
  readonly refused: number;
}

/**
 * Enforces `options` on each app of `fixture`, adds cdk-nag's own packs beside the guardrails on the app and
 * on each stage below it, and synthesizes every app once: both see the same trees in the same synthesis.
 */
export function compareWithStock(fixture: ParityFixture, options: PavedRoadGuardrailsOptions): Comparison {
  const stock: FindingCollector[] = [];
  const guardrails: PavedRoadGuardrails[] = [];
  let refused = 0;
  const sharing = sharedEvaluations(() => {
    for (const app of fixture.apps) {
      PavedRoadGuardrails.enforce(app, options);
      for (const scope of [app, ...nestedStages(app)]) {
        const g = PavedRoadGuardrails.of(scope)!;
        guardrails.push(g);
        stock.push(addStockPacks(scope, g));
      }
    }
    fixture.addPipeline();
    for (const app of fixture.apps) {
      try {
        app.synth();
      } catch (e) {
        // the guardrails' refusal, or (a preview's risky resources) the preview's own deletability check,
        // which its stage validates before the app reports the guardrails' findings
        if (!/unacknowledged finding|must be deletable/.test((e as Error).message)) throw e;
        refused++;
      }
    }
  });
  return { stock: merged(stock), shared: withoutPavedRoad(merged(guardrails)), sharing, refused };
}

/** A stack that breaks rules of every pack, for the tests that need only a few resources. */
export function smallRiskyStack(app: App): Stack {
  const stack = testStack(app);
  new s3.Bucket(stack, 'Bucket');
  new sqs.Queue(stack, 'Queue');
  const sg = new ec2.SecurityGroup(stack, 'Open', { vpc: new ec2.Vpc(stack, 'Vpc', { maxAzs: 1, natGateways: 0 }) });
  sg.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(22));
  return stack;
}

/** `a` < `b` for versions x.y.z. */
function olderThan(a: string, b: string): boolean {
  const [x, y] = [a, b].map((v) => v.split('.').map(Number));
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] < y[i];
  return false;
}

/**
 * The parity tests for the cdk-nag that `cdk-nag` is mapped to in the calling file.
 * @param end which end of the peer range `alias` installs
 * @param alias the npm alias the calling file maps `cdk-nag` to
 */
export function describeCdkNagParity(end: 'lowest' | 'newest', alias: string): void {
  const version: string = jest.requireActual(`${alias}/package.json`).version;
  useFixedClock('2026-11-22T02:00:00Z');

  describe(`cdk-nag ${version} (the ${end} of the peer range ${PEER_RANGE}, installed as ${alias})`, () => {
    test(`GIVEN the mapping of this file THEN the library and the test load cdk-nag from ${alias}, at the ${end} version of the peer range`, () => {
      const loaded = jest.requireActual(alias);
      expect(nag.NagPack).toBe(loaded.NagPack);
      // the plain devDependency is another copy: the mapping, not chance, gives this version
      expect(nag.NagPack).not.toBe(jest.requireActual('cdk-nag').NagPack);
      for (const pack of NAG_PACKS) expect(CDK_NAG_PACKS[pack]).toBe(STOCK[pack]);
      const minimum = /^\^(\d+\.\d+\.\d+)$/.exec(PEER_RANGE)?.[1];
      expect({ range: PEER_RANGE, minimum }).toEqual({ range: PEER_RANGE, minimum: expect.stringMatching(/^\d/) });
      if (end === 'lowest') expect(version).toBe(minimum);
      else expect({ major: version.split('.')[0], belowMinimum: olderThan(version, minimum!) }).toEqual({ major: minimum!.split('.')[0], belowMinimum: false });
    });

    test('GIVEN each pack THEN every rule application cdk-nag makes goes through the shared evaluation, and shared rules are evaluated once', () => {
      const app = testApp();
      smallRiskyStack(app);
      const stockPacks = new Set<object>();
      const outcomes = new RuleOutcomes();
      const props = { reports: false, verbose: true };
      for (const pack of NAG_PACKS) {
        const stockPack = new STOCK[pack](props);
        stockPacks.add(stockPack);
        Aspects.of(app).add(stockPack);
        Aspects.of(app).add(sharingOutcomes(CDK_NAG_PACKS[pack], props, outcomes));
      }
      const applyRule = jest.spyOn(nag.NagPack.prototype as any, 'applyRule');
      let callers: unknown[];
      try {
        app.synth();
        callers = [...applyRule.mock.contexts];
      } finally {
        applyRule.mockRestore();
      }
      const byPack = new Map<string, number>();
      for (const pack of callers.filter((c) => stockPacks.has(c as object)) as nag.NagPack[]) {
        byPack.set(pack.readPackName, (byPack.get(pack.readPackName) ?? 0) + 1);
      }
      expect([...byPack.keys()].sort()).toEqual(['AwsSolutions', 'HIPAA.Security', 'NIST.800.53.R5', 'PCI.DSS.321']);
      const stockApplications = [...byPack.values()].reduce((a, b) => a + b, 0);
      expect(sharingProblems(outcomes)).toEqual([]);
      expect(outcomes.evaluated + outcomes.reused).toBe(stockApplications);
      expect(outcomes.evaluated).toBeLessThan(stockApplications);
    });

    describe('GIVEN the golden-path constructs in every profile and risky resources, under PavedRoadGuardrails and cdk-nag\'s own packs', () => {
      let run: Comparison;
      beforeAll(() => {
        run = compareWithStock(parityFixture(), { packs: ALL_PACKS, mandatoryRules: [...DEFAULT_MANDATORY_RULES, MANDATORY_NAG_RULE] });
      });

      test('THEN the guardrails refuse both apps (the risky resources), and none fails for another reason', () => {
        expect(run.refused).toBe(2);
      });

      test('THEN the findings (path, rule, level, message) are exactly those of cdk-nag\'s own packs', () => {
        expect(differences(run.stock.findings, run.shared.findings)).toEqual({ onlyStock: [], onlyShared: [] });
      });

      test('THEN the acknowledgments (path, rule, reason, pack) are exactly those of cdk-nag\'s own packs', () => {
        expect(differences(run.stock.acknowledgments, run.shared.acknowledgments)).toEqual({ onlyStock: [], onlyShared: [] });
      });

      test('THEN the rule outcomes were shared', () => {
        expect(sharingProblems(run.sharing)).toEqual([]);
      });

      test('THEN every pack reports errors and acknowledgments, of every kind cdk-nag has', () => {
        const { findings, acknowledgments } = run.stock;
        const thin = NAG_PACKS.map((pack) => {
          const ofPack = (r: { rule: string }) => r.rule.startsWith(PACK_RULE_PREFIX[pack]);
          return { pack, errors: findings.filter((f) => ofPack(f) && f.level === 'error').length, acknowledgments: acknowledgments.filter(ofPack).length };
        }).filter((c) => c.errors < 10 || c.acknowledgments < 10);
        expect(thin).toEqual([]);
        expect(findings.some((f) => f.level === 'warning' && !f.rule.includes('CdkNagValidationFailure'))).toBe(true);
        // a rule that could not evaluate a value (reported, and acknowledged as a validation failure)
        expect(findings.some((f) => f.rule.includes('CdkNagValidationFailure'))).toBe(true);
        expect(acknowledgments.some((a) => a.rule === 'AwsSolutions-CdkNagValidationFailure[AwsSolutions-RDS2]')).toBe(true);
        // granular (appliesTo), stack-wide, and a mandatory rule's acknowledgment that does not count
        expect(acknowledgments.some((a) => a.rule === 'AwsSolutions-IAM5[Action::s3:*]')).toBe(true);
        expect(acknowledgments.some((a) => a.rule.startsWith('AwsSolutions-IAM4[') && a.path.startsWith('Risky/'))).toBe(true);
        expect(findings.some((f) => f.rule === MANDATORY_NAG_RULE && f.path.startsWith('Risky/MandatoryQueue'))).toBe(true);
        // the findings come from the app's own stacks and from a nested stage
        expect(findings.some((f) => f.path.startsWith('Preview/'))).toBe(true);
        expect(acknowledgments.some((a) => a.path.startsWith('Prod/'))).toBe(true);
      });

      test('THEN every rule id reported is one the guardrails know the pack by (mandatoryRules are checked against them)', () => {
        const known = new Set(ALL_PACKS.flatMap((p) => packRuleIds(p)));
        const ids = [...run.stock.findings, ...run.stock.acknowledgments].map((r) => r.rule.replace(/\[.*$/, '')).filter((id) => !id.endsWith('CdkNagValidationFailure'));
        expect([...new Set(ids)].filter((id) => !known.has(id))).toEqual([]);
      });
    });

    test('GIVEN a malformed acknowledgment on a resource no rule applies to THEN synthesis fails as with cdk-nag\'s own packs', () => {
      const build = (app: App) => {
        const thing = new CfnResource(testStack(app), 'Thing', { type: 'Custom::Thing' });
        thing.addMetadata('cdk_nag', { rules_to_suppress: [{ id: 'AwsSolutions-S1', reason: 'too short' }] });
      };
      const stockApp = testApp();
      build(stockApp);
      Aspects.of(stockApp).add(new nag.AwsSolutionsChecks({ reports: false }));
      expect(() => stockApp.synth()).toThrow(/'reason' of 10 characters or more/);

      const app = testApp();
      build(app);
      PavedRoadGuardrails.enforce(app, { packs: ALL_PACKS });
      expect(() => app.synth()).toThrow(/'reason' of 10 characters or more/);
    });
  });
}
