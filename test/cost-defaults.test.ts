import * as fs from 'fs';
import { COST_PROFILES, defaultCosts, renderCostTable } from '../scripts/cost-defaults';
import { README, readmeSection } from '../scripts/readme-tables';
import { CostEstimator, Profile } from '../src';

/*
 * The README's table of what each profile's default environment costs is the estimator's: this test
 * fails when the constructs' defaults, the price table or the estimator change and the README was not
 * rendered again (`npx projen readme:tables`).
 */
describe('the default cost of each profile', () => {
  const costs = defaultCosts();
  const readme = fs.readFileSync(README, 'utf-8');

  test('the README table is the estimator\'s', () => {
    expect(readmeSection(readme, 'cost-defaults')).toBe(renderCostTable(costs));
  });

  test('every resource of the default environments is priced (nothing unpriced)', () => {
    for (const profile of COST_PROFILES) expect(costs[profile].estimate.unpriced).toEqual([]);
  });

  test('dev counts Container Insights, the scaling alarms, key rotations and the assumed log and NAT use', () => {
    const { lines } = costs[Profile.DEV].estimate;
    const byType = (type: string) => lines.filter((l) => l.resourceType === type);
    // standard Container Insights in dev (containerInsights, 0.2): 12 cluster metrics × $0.30
    expect(byType('AWS::ECS::Cluster').map((l) => l.monthlyUsd)).toEqual([3.6]);
    expect(byType('AWS::ECS::Service')[0].formula).toMatch(/Container Insights 25 service metrics/);
    expect(byType('AWS::ApplicationAutoScaling::ScalingPolicy').map((l) => l.monthlyUsd)).toEqual([0.2, 0.2, 0.2]);
    expect(byType('AWS::KMS::Key').every((l) => l.monthlyUsd === 3)).toBe(true);
    expect(byType('AWS::Logs::LogGroup').every((l) => l.monthlyUsd > 0)).toBe(true);
    // a NAT instance (natType, 0.2) instead of a NAT gateway: no per-GB processing charge
    expect(byType('AWS::EC2::NatGateway')).toEqual([]);
    expect(byType('AWS::EC2::Instance')).toHaveLength(1);
  });

  test('prod counts Performance Insights beyond the free 7 days', () => {
    const db = costs[Profile.PROD].estimate.lines.find((l) => l.resourceType === 'AWS::RDS::DBInstance');
    expect(db?.formula).toMatch(/\+ Performance Insights 2 vCPUs × \$1\.53 × 2 \(Multi-AZ\)$/);
  });

  test('the preview is priced per day, its keys never rotate within its TTL, and the README\'s budget error is real', () => {
    const { estimate } = costs[Profile.PREVIEW];
    expect(estimate.ttlHours).toBe(72);
    expect(estimate.lines.filter((l) => l.resourceType === 'AWS::KMS::Key').every((l) => l.monthlyUsd === 1)).toBe(true);
    const message = CostEstimator.checkDailyBudget(estimate, 1) ?? '';
    const [first, second] = message.split('\n');
    expect(readme).toContain(`PavedRoadGuardrails: ${first}`);
    expect(readme).toContain(second.replace(/ \+ 2 public IPv4.*$/, ' + ...)'));
  });
});
