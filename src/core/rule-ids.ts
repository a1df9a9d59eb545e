/*
 * The rule ids paved-road code names (in acknowledgments, mandatory rules and PavedRoadChecks),
 * typed once per pack. test/rule-ids.test.ts proves each is a rule its pack defines, so a typo
 * cannot acknowledge nothing. Add a rule here before acknowledging it.
 */

/** Rules of cdk-nag's AwsSolutionsChecks. @internal */
export const AwsSolutionsRule = {
  AEC4: 'AwsSolutions-AEC4',
  CB3: 'AwsSolutions-CB3',
  EC23: 'AwsSolutions-EC23',
  EC29: 'AwsSolutions-EC29',
  ECS2: 'AwsSolutions-ECS2',
  IAM4: 'AwsSolutions-IAM4',
  IAM5: 'AwsSolutions-IAM5',
  L1: 'AwsSolutions-L1',
  RDS3: 'AwsSolutions-RDS3',
  RDS10: 'AwsSolutions-RDS10',
  S1: 'AwsSolutions-S1',
  SMG4: 'AwsSolutions-SMG4',
  SQS3: 'AwsSolutions-SQS3',
} as const;

/** Rules of cdk-nag's NIST80053R5Checks. @internal */
export const NistRule = {
  ALBHttpToHttpsRedirection: 'NIST.800.53.R5-ALBHttpToHttpsRedirection',
  ALBWAFEnabled: 'NIST.800.53.R5-ALBWAFEnabled',
  CloudWatchAlarmAction: 'NIST.800.53.R5-CloudWatchAlarmAction',
  DynamoDBInBackupPlan: 'NIST.800.53.R5-DynamoDBInBackupPlan',
  EC2InstancesInVPC: 'NIST.800.53.R5-EC2InstancesInVPC',
  EC2RestrictedInbound: 'NIST.800.53.R5-EC2RestrictedInbound',
  ELBDeletionProtectionEnabled: 'NIST.800.53.R5-ELBDeletionProtectionEnabled',
  ELBTlsHttpsListenersOnly: 'NIST.800.53.R5-ELBTlsHttpsListenersOnly',
  ELBv2ACMCertificateRequired: 'NIST.800.53.R5-ELBv2ACMCertificateRequired',
  ElastiCacheRedisClusterAutomaticBackup: 'NIST.800.53.R5-ElastiCacheRedisClusterAutomaticBackup',
  IAMNoInlinePolicy: 'NIST.800.53.R5-IAMNoInlinePolicy',
  LambdaConcurrency: 'NIST.800.53.R5-LambdaConcurrency',
  LambdaDLQ: 'NIST.800.53.R5-LambdaDLQ',
  LambdaInsideVPC: 'NIST.800.53.R5-LambdaInsideVPC',
  RDSInBackupPlan: 'NIST.800.53.R5-RDSInBackupPlan',
  RDSInstanceDeletionProtectionEnabled: 'NIST.800.53.R5-RDSInstanceDeletionProtectionEnabled',
  RDSLoggingEnabled: 'NIST.800.53.R5-RDSLoggingEnabled',
  RDSMultiAZSupport: 'NIST.800.53.R5-RDSMultiAZSupport',
  S3BucketLoggingEnabled: 'NIST.800.53.R5-S3BucketLoggingEnabled',
  S3BucketReplicationEnabled: 'NIST.800.53.R5-S3BucketReplicationEnabled',
  S3DefaultEncryptionKMS: 'NIST.800.53.R5-S3DefaultEncryptionKMS',
  SecretsManagerRotationEnabled: 'NIST.800.53.R5-SecretsManagerRotationEnabled',
  VPCNoUnrestrictedRouteToIGW: 'NIST.800.53.R5-VPCNoUnrestrictedRouteToIGW',
} as const;

/** Rules of cdk-nag's HIPAASecurityChecks. @internal */
export const HipaaRule = {
  ALBHttpToHttpsRedirection: 'HIPAA.Security-ALBHttpToHttpsRedirection',
  ALBWAFEnabled: 'HIPAA.Security-ALBWAFEnabled',
  CloudWatchAlarmAction: 'HIPAA.Security-CloudWatchAlarmAction',
  CodeBuildProjectSourceRepoUrl: 'HIPAA.Security-CodeBuildProjectSourceRepoUrl',
  DynamoDBInBackupPlan: 'HIPAA.Security-DynamoDBInBackupPlan',
  EC2InstancesInVPC: 'HIPAA.Security-EC2InstancesInVPC',
  EC2RestrictedInbound: 'HIPAA.Security-EC2RestrictedInbound',
  ELBDeletionProtectionEnabled: 'HIPAA.Security-ELBDeletionProtectionEnabled',
  ELBTlsHttpsListenersOnly: 'HIPAA.Security-ELBTlsHttpsListenersOnly',
  ELBv2ACMCertificateRequired: 'HIPAA.Security-ELBv2ACMCertificateRequired',
  ElastiCacheRedisClusterAutomaticBackup: 'HIPAA.Security-ElastiCacheRedisClusterAutomaticBackup',
  IAMNoInlinePolicy: 'HIPAA.Security-IAMNoInlinePolicy',
  LambdaConcurrency: 'HIPAA.Security-LambdaConcurrency',
  LambdaDLQ: 'HIPAA.Security-LambdaDLQ',
  LambdaInsideVPC: 'HIPAA.Security-LambdaInsideVPC',
  RDSInBackupPlan: 'HIPAA.Security-RDSInBackupPlan',
  RDSInstanceDeletionProtectionEnabled: 'HIPAA.Security-RDSInstanceDeletionProtectionEnabled',
  RDSLoggingEnabled: 'HIPAA.Security-RDSLoggingEnabled',
  RDSMultiAZSupport: 'HIPAA.Security-RDSMultiAZSupport',
  S3BucketLoggingEnabled: 'HIPAA.Security-S3BucketLoggingEnabled',
  S3BucketReplicationEnabled: 'HIPAA.Security-S3BucketReplicationEnabled',
  S3DefaultEncryptionKMS: 'HIPAA.Security-S3DefaultEncryptionKMS',
  SecretsManagerRotationEnabled: 'HIPAA.Security-SecretsManagerRotationEnabled',
  VPCNoUnrestrictedRouteToIGW: 'HIPAA.Security-VPCNoUnrestrictedRouteToIGW',
} as const;

/** Rules of cdk-nag's PCIDSS321Checks. @internal */
export const PciRule = {
  ALBHttpToHttpsRedirection: 'PCI.DSS.321-ALBHttpToHttpsRedirection',
  ALBWAFEnabled: 'PCI.DSS.321-ALBWAFEnabled',
  CloudWatchAlarmAction: 'PCI.DSS.321-CloudWatchAlarmAction',
  CodeBuildProjectSourceRepoUrl: 'PCI.DSS.321-CodeBuildProjectSourceRepoUrl',
  EC2InstancesInVPC: 'PCI.DSS.321-EC2InstancesInVPC',
  EC2RestrictedInbound: 'PCI.DSS.321-EC2RestrictedInbound',
  ELBDeletionProtectionEnabled: 'PCI.DSS.321-ELBDeletionProtectionEnabled',
  ELBTlsHttpsListenersOnly: 'PCI.DSS.321-ELBTlsHttpsListenersOnly',
  ELBv2ACMCertificateRequired: 'PCI.DSS.321-ELBv2ACMCertificateRequired',
  ElastiCacheRedisClusterAutomaticBackup: 'PCI.DSS.321-ElastiCacheRedisClusterAutomaticBackup',
  IAMNoInlinePolicy: 'PCI.DSS.321-IAMNoInlinePolicy',
  LambdaConcurrency: 'PCI.DSS.321-LambdaConcurrency',
  LambdaDLQ: 'PCI.DSS.321-LambdaDLQ',
  LambdaInsideVPC: 'PCI.DSS.321-LambdaInsideVPC',
  RDSInBackupPlan: 'PCI.DSS.321-RDSInBackupPlan',
  RDSInstanceDeletionProtectionEnabled: 'PCI.DSS.321-RDSInstanceDeletionProtectionEnabled',
  RDSLoggingEnabled: 'PCI.DSS.321-RDSLoggingEnabled',
  RDSMultiAZSupport: 'PCI.DSS.321-RDSMultiAZSupport',
  S3BucketLoggingEnabled: 'PCI.DSS.321-S3BucketLoggingEnabled',
  S3BucketReplicationEnabled: 'PCI.DSS.321-S3BucketReplicationEnabled',
  S3DefaultEncryptionKMS: 'PCI.DSS.321-S3DefaultEncryptionKMS',
  SecretsManagerRotationEnabled: 'PCI.DSS.321-SecretsManagerRotationEnabled',
  VPCNoUnrestrictedRouteToIGW: 'PCI.DSS.321-VPCNoUnrestrictedRouteToIGW',
} as const;

/** Rules of `PavedRoadChecks`, in the order they are applied. @internal */
export const PavedRoadRule = {
  OwnerTag: 'PavedRoad-OwnerTag',
  LogRetention: 'PavedRoad-LogRetention',
  StatefulRetained: 'PavedRoad-StatefulRetained',
  PreviewExpiry: 'PavedRoad-PreviewExpiry',
  OpenIngress: 'PavedRoad-OpenIngress',
  DataNotPublic: 'PavedRoad-DataNotPublic',
  ProdHttps: 'PavedRoad-ProdHttps',
  LambdaFailureHandling: 'PavedRoad-LambdaFailureHandling',
  FargateSpotArchitecture: 'PavedRoad-FargateSpotArchitecture',
} as const;

/** Any rule id of the tables above: what an acknowledgment may name. @internal */
export type RuleId =
  | typeof AwsSolutionsRule[keyof typeof AwsSolutionsRule]
  | typeof NistRule[keyof typeof NistRule]
  | typeof HipaaRule[keyof typeof HipaaRule]
  | typeof PciRule[keyof typeof PciRule]
  | typeof PavedRoadRule[keyof typeof PavedRoadRule];

/** The name of a `PavedRoadChecks` rule (its id without `PavedRoad-`). @internal */
export type PavedRoadRuleName = keyof typeof PavedRoadRule;

/** A rule NIST 800-53 R5, HIPAA Security and PCI DSS 3.2.1 each define under the same name. @internal */
export type NistHipaaPciRuleName = keyof typeof NistRule & keyof typeof HipaaRule & keyof typeof PciRule;

/**
 * The NIST 800-53 R5, HIPAA Security and PCI DSS 3.2.1 ids of one rule the three packs share (each
 * reports the same finding), in that order.
 * @internal
 */
export function nistHipaaPci(name: NistHipaaPciRuleName): RuleId[] {
  return [NistRule[name], HipaaRule[name], PciRule[name]];
}
