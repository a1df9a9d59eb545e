/** A cdk-nag rule pack `PavedRoadGuardrails` can apply. */
export enum CompliancePack {
  /** AWS Solutions (cdk-nag `AwsSolutionsChecks`): always applied. */
  AWS_SOLUTIONS = 'aws-solutions',
  /** The platform's own rules (`PavedRoadChecks`): always applied. */
  PAVED_ROAD = 'paved-road',
  /** NIST 800-53 rev 5 (cdk-nag `NIST80053R5Checks`). */
  NIST_800_53_R5 = 'nist-800-53-r5',
  /** HIPAA Security (cdk-nag `HIPAASecurityChecks`). */
  HIPAA_SECURITY = 'hipaa-security',
  /** PCI DSS 3.2.1 (cdk-nag `PCIDSS321Checks`). */
  PCI_DSS_321 = 'pci-dss-321',
}

/**
 * A pack of the profile that `PavedRoadGuardrails` does not apply, on purpose: the profile's packs
 * are a floor, and removing one takes an exception with a reason. The compliance report lists it.
 */
export interface CompliancePackException {
  /**
   * The pack to remove: one the profile applies (e.g. `CompliancePack.NIST_800_53_R5` in staging
   * and prod). `AWS_SOLUTIONS` and `PAVED_ROAD` cannot be removed.
   */
  readonly pack: CompliancePack;

  /**
   * Why the pack does not apply here, for the reviewer who reads the compliance report: at least
   * 20 characters.
   */
  readonly reason: string;
}
