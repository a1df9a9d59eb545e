import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as rds from 'aws-cdk-lib/aws-rds';
import { DatabaseEngine } from './database-engine';
import { Profile } from '../core/profile';

/**
 * The facts of a built database that its acknowledgments and alarm specs read: what they need,
 * not the whole `PavedRoadDatabase` (which would make each helper and the construct import each
 * other).
 * @internal
 */
export interface DatabaseShape {
  /** Where the database is in the construct tree (its `node.path` is named in reasons and alarms). */
  readonly node: { readonly path: string };
  readonly profile: Profile;
  readonly engine: DatabaseEngine;
  /** The RDS instance, when the engine is not Aurora. */
  readonly instance?: rds.DatabaseInstance;
  /** The Aurora cluster, when the engine is Aurora. */
  readonly cluster?: rds.DatabaseCluster;
  readonly instanceType?: ec2.InstanceType;
  readonly allocatedStorageGiB?: number;
  /** Aurora Serverless v2 capacity range, when the engine is Aurora. */
  readonly minCapacity?: number;
  readonly maxCapacity?: number;
}
