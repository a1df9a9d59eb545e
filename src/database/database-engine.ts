/**
 * The database engines a team can choose with `PavedRoadDatabase`.
 */
export enum DatabaseEngine {
  /** Amazon RDS for PostgreSQL, one instance (Multi-AZ standby in prod). */
  POSTGRES = 'postgres',
  /** Amazon RDS for MySQL, one instance (Multi-AZ standby in prod). */
  MYSQL = 'mysql',
  /** Amazon Aurora PostgreSQL with Serverless v2 instances (a writer, plus a reader in another AZ in prod). */
  AURORA_POSTGRES_SERVERLESS = 'aurora-postgresql-serverless-v2',
}
