import { RemovalPolicy } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { DatabaseEngine } from './database-engine';
import { acknowledge } from '../core/acknowledge';
import { Profile } from '../core/profile';
import { profileSettings } from '../core/profile-defaults';
import { profilesWhere } from '../core/profile-facts';
import { AwsSolutionsRule, nistHipaaPci } from '../core/rule-ids';

/** What the database was built with, for reasons that are true of it. @internal */
export interface DatabaseFacts {
  /** The construct path of the database, named in the reasons. */
  readonly path: string;
  readonly profile: Profile;
  readonly engine: DatabaseEngine;
  /** Whether it is an Aurora cluster (its instances are the `Writer` and `Reader` children). */
  readonly aurora: boolean;
  /** Days automated backups are kept. */
  readonly backupDays: number;
  /** Whether `backupRetentionDays` was given (else the profile's). */
  readonly backupDaysGiven: boolean;
  /** The removal policy of the instance or cluster. */
  readonly removalPolicy: RemovalPolicy;
  /** Whether deletion protection is on. */
  readonly deletionProtection: boolean;
  /** Whether the database keeps a standby or reader in another AZ. */
  readonly multiAz: boolean;
  /** What the profile gives databases: deletion protection and Multi-AZ. */
  readonly profileDefaults: { readonly deletionProtection: boolean; readonly multiAz: boolean };
}

const WHEN_REMOVED: Record<string, string> = {
  [RemovalPolicy.SNAPSHOT]: 'RDS takes a final snapshot when it leaves the stack (removal policy SNAPSHOT): an AWS Backup plan would duplicate both',
  [RemovalPolicy.RETAIN]: 'it stays, with its backups, when it leaves the stack (removal policy RETAIN): an AWS Backup plan would duplicate them',
  [RemovalPolicy.DESTROY]: 'it is deleted with its stack, taking no final snapshot (removal policy DESTROY): recovery points in an AWS Backup plan would outlive a database that is thrown away with its stack',
};

/**
 * The cdk-nag findings a paved-road database causes by design, acknowledged on the resource that
 * causes each, with a reason true of it. Findings a prop caused by turning a profile's safety default
 * off (deletion protection, Multi-AZ) are not acknowledged: the team that chose it acknowledges them.
 * @internal
 */
export function acknowledgeDatabaseFindings(resource: Construct, facts: DatabaseFacts): void {
  const cfn = resource.node.defaultChild ?? resource;
  const { path, profile } = facts;
  const instances = facts.aurora
    ? ['Writer', 'Reader'].map((id) => resource.node.tryFindChild(id)?.node.defaultChild).filter((c): c is Construct => !!c)
    : [cfn];
  const days = `${facts.backupDays} day${facts.backupDays === 1 ? '' : 's'} (${facts.backupDaysGiven ? 'backupRetentionDays' : `the ${profile} profile's backupRetentionDays`})`;
  for (const instance of instances) {
    const what = facts.aurora ? `${instance.node.scope!.node.path} is an instance of the Aurora cluster ${path}, which is backed up` : `${path} is backed up`;
    acknowledge(instance, [{
      rules: nistHipaaPci('RDSInBackupPlan'),
      reason: `${what} by RDS automated backups with point-in-time recovery kept ${days}, and ${WHEN_REMOVED[facts.removalPolicy]}.`,
    }]);
  }
  // Only where the profile leaves databases unprotected; `deletionProtection: false` against the profile is the team's exception.
  if (!facts.deletionProtection && !facts.profileDefaults.deletionProtection) {
    acknowledge(cfn, [{
      rules: [AwsSolutionsRule.RDS10, ...nistHipaaPci('RDSInstanceDeletionProtectionEnabled')],
      reason: `${path} has no deletion protection because the ${profile} profile turns it off, so that a ${profile} stack can be torn down in one step; it is on in ${profilesWhere(profileSettings, (s) => s.deletionProtection)}.`,
    }]);
  }
  if (facts.engine === DatabaseEngine.MYSQL) {
    acknowledge(cfn, [{
      rules: nistHipaaPci('RDSLoggingEnabled'),
      reason: `${path} exports the error, slow-query and audit logs (the audit plugin records connections, DDL and DCL); the general log records every statement and would slow the database and multiply log volume.`,
      appliesTo: ['LogExport::general'],
    }]);
  }
  // Only where the profile runs databases in one AZ; `multiAz: false` against the profile is the team's choice (a synth warning).
  if (!facts.aurora && !facts.multiAz && !facts.profileDefaults.multiAz) {
    acknowledge(cfn, [{
      rules: [AwsSolutionsRule.RDS3, ...nistHipaaPci('RDSMultiAZSupport')],
      reason: `${path} runs single-AZ because the ${profile} profile does (Multi-AZ in ${profilesWhere(profileSettings, (s) => s.multiAz)} only): a ${profile} database whose downtime during an AZ outage is acceptable.`,
    }]);
  }
  const role = resource.node.tryFindChild('MonitoringRole');
  if (role) {
    acknowledge(role, [{
      rules: [AwsSolutionsRule.IAM4],
      reason: `Enhanced monitoring role of ${path}: AmazonRDSEnhancedMonitoringRole is the policy RDS documents for publishing OS metrics, scoped by AWS to the RDSOSMetrics log group.`,
      appliesTo: ['Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole'],
    }]);
  }
}
