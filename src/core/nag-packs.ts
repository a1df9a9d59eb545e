import { IAspect } from 'aws-cdk-lib';
import { AwsSolutionsChecks, HIPAASecurityChecks, INagLogger, INagSuppressionIgnore, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import { PavedRoadChecks } from './checks/paved-road-checks';
import { CompliancePack } from './compliance-pack';

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
}

/** The cdk-nag aspect for one pack. @internal */
export function createNagPack(pack: CompliancePack, settings: NagPackSettings): IAspect {
  const props = {
    verbose: settings.verbose,
    reports: false,
    additionalLoggers: settings.loggers,
    suppressionIgnoreCondition: settings.suppressionIgnoreCondition,
  };
  switch (pack) {
    case CompliancePack.AWS_SOLUTIONS: return new AwsSolutionsChecks(props);
    case CompliancePack.PAVED_ROAD:
      return new PavedRoadChecks({ ...props, requireCostCenter: settings.requireCostCenter, previewMaxTtlHours: settings.previewMaxTtlHours });
    case CompliancePack.NIST_800_53_R5: return new NIST80053R5Checks(props);
    case CompliancePack.HIPAA_SECURITY: return new HIPAASecurityChecks(props);
    case CompliancePack.PCI_DSS_321: return new PCIDSS321Checks(props);
    default: throw new Error(`unknown compliance pack ${JSON.stringify(pack)}`);
  }
}
