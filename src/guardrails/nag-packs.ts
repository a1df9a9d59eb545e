import { AwsSolutionsChecks, NagPack, HIPAASecurityChecks, INagLogger, INagSuppressionIgnore, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import { PavedRoadChecks } from './checks/paved-road-checks';
import { RuleOutcomes, sharingOutcomes } from './shared-rule-outcomes';
import { CompliancePack } from '../core/compliance-pack';

/** Every pack, in the order they are applied. @internal */
export const ALL_COMPLIANCE_PACKS: CompliancePack[] = [
  CompliancePack.AWS_SOLUTIONS,
  CompliancePack.PAVED_ROAD,
  CompliancePack.NIST_800_53_R5,
  CompliancePack.HIPAA_SECURITY,
  CompliancePack.PCI_DSS_321,
];

/** The packs applied whatever the options say. @internal */
export const ALWAYS_APPLIED: CompliancePack[] = [CompliancePack.AWS_SOLUTIONS, CompliancePack.PAVED_ROAD];

/** The rule-id prefix of each pack. @internal */
export const PACK_RULE_PREFIX: Record<CompliancePack, string> = {
  [CompliancePack.AWS_SOLUTIONS]: 'AwsSolutions-',
  [CompliancePack.PAVED_ROAD]: 'PavedRoad-',
  [CompliancePack.NIST_800_53_R5]: 'NIST.800.53.R5-',
  [CompliancePack.HIPAA_SECURITY]: 'HIPAA.Security-',
  [CompliancePack.PCI_DSS_321]: 'PCI.DSS.321-',
};

/** How the packs are built. @internal */
export interface NagPackSettings {
  readonly loggers: INagLogger[];
  readonly verbose: boolean;
  readonly suppressionIgnoreCondition: INagSuppressionIgnore;
  readonly requireCostCenter: boolean;
  readonly previewMaxTtlHours: number;
  /** Rule outcomes shared by the packs of one enforcement. */
  readonly outcomes: RuleOutcomes;
}

/** The cdk-nag aspect for one pack. @internal */
export function createNagPack(pack: CompliancePack, settings: NagPackSettings): NagPack {
  const props = {
    verbose: settings.verbose,
    reports: false,
    additionalLoggers: settings.loggers,
    suppressionIgnoreCondition: settings.suppressionIgnoreCondition,
  };
  switch (pack) {
    case CompliancePack.AWS_SOLUTIONS: return sharingOutcomes(AwsSolutionsChecks, props, settings.outcomes);
    case CompliancePack.PAVED_ROAD: return sharingOutcomes(PavedRoadChecks,
      { ...props, requireCostCenter: settings.requireCostCenter, previewMaxTtlHours: settings.previewMaxTtlHours }, settings.outcomes);
    case CompliancePack.NIST_800_53_R5: return sharingOutcomes(NIST80053R5Checks, props, settings.outcomes);
    case CompliancePack.HIPAA_SECURITY: return sharingOutcomes(HIPAASecurityChecks, props, settings.outcomes);
    case CompliancePack.PCI_DSS_321: return sharingOutcomes(PCIDSS321Checks, props, settings.outcomes);
    default: throw new Error(`unknown compliance pack ${JSON.stringify(pack)}`);
  }
}
