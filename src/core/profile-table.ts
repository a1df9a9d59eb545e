import { RemovalPolicy } from 'aws-cdk-lib';
import { CompliancePack } from './compliance-pack';
import { Profile } from './profile';
import { ProfileSettings } from './profile-settings';

/**
 * The one table of the per-profile defaults every construct shares; each construct keeps its own
 * settings in its own table (`src/<construct>/defaults.ts`). The README's "Defaults per profile"
 * table is rendered from it, and a test fails when the two differ.
 *
 * @internal
 */
export const PROFILE_DEFAULTS: Record<Profile, ProfileSettings> = {
  [Profile.DEV]: {
    logRetentionDays: 14,
    statefulRemovalPolicy: RemovalPolicy.DESTROY,
    dataRemovalPolicy: RemovalPolicy.DESTROY,
    deletionProtection: false,
    multiAz: false,
    alarmActions: false,
    sharedKeys: true,
    compliancePacks: [CompliancePack.AWS_SOLUTIONS],
  },
  [Profile.PREVIEW]: {
    logRetentionDays: 3,
    statefulRemovalPolicy: RemovalPolicy.DESTROY,
    dataRemovalPolicy: RemovalPolicy.DESTROY,
    deletionProtection: false,
    multiAz: false,
    alarmActions: false,
    sharedKeys: true,
    compliancePacks: [CompliancePack.AWS_SOLUTIONS],
  },
  [Profile.STAGING]: {
    logRetentionDays: 90,
    statefulRemovalPolicy: RemovalPolicy.RETAIN,
    dataRemovalPolicy: RemovalPolicy.SNAPSHOT,
    deletionProtection: true,
    multiAz: false,
    alarmActions: true,
    sharedKeys: false,
    compliancePacks: [CompliancePack.AWS_SOLUTIONS, CompliancePack.NIST_800_53_R5],
  },
  [Profile.PROD]: {
    logRetentionDays: 365,
    statefulRemovalPolicy: RemovalPolicy.RETAIN,
    dataRemovalPolicy: RemovalPolicy.SNAPSHOT,
    deletionProtection: true,
    multiAz: true,
    alarmActions: true,
    sharedKeys: false,
    compliancePacks: [CompliancePack.AWS_SOLUTIONS, CompliancePack.NIST_800_53_R5],
  },
};
