import { IAspect } from 'aws-cdk-lib';
import { AwsSolutionsChecks, HIPAASecurityChecks, INagLogger, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import { CompliancePack } from './compliance-pack';

/** Every pack, in the order they are applied. @internal */
export const ALL_COMPLIANCE_PACKS: CompliancePack[] = [
  CompliancePack.AWS_SOLUTIONS,
  CompliancePack.NIST_800_53_R5,
  CompliancePack.HIPAA_SECURITY,
  CompliancePack.PCI_DSS_321,
];

/** The cdk-nag aspect for one pack. @internal */
export function createNagPack(pack: CompliancePack, loggers: INagLogger[], verbose: boolean): IAspect {
  const props = { verbose, reports: false, additionalLoggers: loggers };
  switch (pack) {
    case CompliancePack.AWS_SOLUTIONS: return new AwsSolutionsChecks(props);
    case CompliancePack.NIST_800_53_R5: return new NIST80053R5Checks(props);
    case CompliancePack.HIPAA_SECURITY: return new HIPAASecurityChecks(props);
    case CompliancePack.PCI_DSS_321: return new PCIDSS321Checks(props);
    default: throw new Error(`unknown compliance pack ${JSON.stringify(pack)}`);
  }
}
