import { AwsSolutionsChecks, NagPack, HIPAASecurityChecks, INagLogger, INagSuppressionIgnore, NagPackProps, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import { PavedRoadChecks } from './checks/paved-road-checks';
import { NagPackClass, RuleOutcomes, sharingOutcomes } from './shared-rule-outcomes';
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

/** The cdk-nag class of each pack cdk-nag defines (the platform's own pack is built apart). @internal */
export const CDK_NAG_PACKS: Record<Exclude<CompliancePack, CompliancePack.PAVED_ROAD>, NagPackClass<NagPackProps>> = {
  [CompliancePack.AWS_SOLUTIONS]: AwsSolutionsChecks,
  [CompliancePack.NIST_800_53_R5]: NIST80053R5Checks,
  [CompliancePack.HIPAA_SECURITY]: HIPAASecurityChecks,
  [CompliancePack.PCI_DSS_321]: PCIDSS321Checks,
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
  if (pack === CompliancePack.PAVED_ROAD) {
    return sharingOutcomes(PavedRoadChecks,
      { ...props, requireCostCenter: settings.requireCostCenter, previewMaxTtlHours: settings.previewMaxTtlHours }, settings.outcomes);
  }
  const Pack = CDK_NAG_PACKS[pack];
  if (!Pack) throw new Error(`unknown compliance pack ${JSON.stringify(pack)}`);
  return sharingOutcomes(Pack, props, settings.outcomes);
}
