import * as rds from 'aws-cdk-lib/aws-rds';
import { Construct } from 'constructs';
import type { PavedRoadDatabase } from './database';
import { DatabaseEngine } from './database-engine';
import { acknowledge } from '../core/acknowledge';
import { Profile } from '../core/profile';

/**
 * The cdk-nag findings a paved-road database causes by design, acknowledged on the resource that
 * causes each, with the reason.
 * @internal
 */
export function acknowledgeDatabaseFindings(db: PavedRoadDatabase, resource: Construct, backupDays: number, deletionProtection: boolean): void {
  const cfn = resource.node.defaultChild ?? resource;
  const instances = db.cluster
    ? ['Writer', 'Reader'].map((id) => db.cluster!.node.tryFindChild(id)?.node.defaultChild).filter((c): c is Construct => !!c)
    : [cfn];
  for (const instance of instances) {
    acknowledge(instance, [{
      rules: ['NIST.800.53.R5-RDSInBackupPlan', 'HIPAA.Security-RDSInBackupPlan', 'PCI.DSS.321-RDSInBackupPlan'],
      reason: `${db.node.path} is backed up by RDS automated backups with point-in-time recovery kept ${backupDays} days (per profile) and a final snapshot on removal; an AWS Backup plan would duplicate them.`,
    }]);
  }
  if (!deletionProtection) {
    acknowledge(cfn, [{
      rules: ['AwsSolutions-RDS10', 'NIST.800.53.R5-RDSInstanceDeletionProtectionEnabled', 'HIPAA.Security-RDSInstanceDeletionProtectionEnabled', 'PCI.DSS.321-RDSInstanceDeletionProtectionEnabled'],
      reason: `${db.node.path} is a ${db.profile} database without deletion protection so that its stack can be torn down; prod and staging databases are always protected by default.`,
    }]);
  }
  if (db.engine === DatabaseEngine.MYSQL) {
    acknowledge(cfn, [{
      rules: ['NIST.800.53.R5-RDSLoggingEnabled', 'HIPAA.Security-RDSLoggingEnabled', 'PCI.DSS.321-RDSLoggingEnabled'],
      reason: `${db.node.path} exports the error, slow-query and audit logs (the audit plugin records connections, DDL and DCL); the general log records every statement and would slow the database and multiply log volume.`,
      appliesTo: ['LogExport::general'],
    }]);
  }
  if (db.instance && !(db.instance.node.defaultChild as rds.CfnDBInstance).multiAz) {
    acknowledge(cfn, [{
      rules: ['AwsSolutions-RDS3', 'NIST.800.53.R5-RDSMultiAZSupport', 'HIPAA.Security-RDSMultiAZSupport', 'PCI.DSS.321-RDSMultiAZSupport'],
      reason: db.profile === Profile.PROD
        ? `${db.node.path} runs single-AZ because multiAz: false was chosen explicitly for this prod database (synth warning paved-road:database-single-az).`
        : `${db.node.path} runs single-AZ by the ${db.profile} profile (Multi-AZ is the prod default): a non-production database whose downtime during an AZ outage is acceptable.`,
    }]);
  }
  const role = resource.node.tryFindChild('MonitoringRole');
  if (role) {
    acknowledge(role, [{
      rules: ['AwsSolutions-IAM4'],
      reason: `Enhanced monitoring role of ${db.node.path}: AmazonRDSEnhancedMonitoringRole is the policy RDS documents for publishing OS metrics, scoped by AWS to the RDSOSMetrics log group.`,
      appliesTo: ['Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole'],
    }]);
  }
}
