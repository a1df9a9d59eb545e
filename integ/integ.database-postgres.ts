import { ExpectedResult, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { PavedRoadDatabase, PavedRoadNetwork, Profile } from '../src';

/**
 * A PostgreSQL database in its own network, built from the dev profile but Multi-AZ so the
 * assertion can see the standby. Deployed, DescribeDBInstances shows storage encrypted with the
 * database key, Multi-AZ, IAM authentication on and no public access. Everything is destroyable.
 */
const app = new App({ context: { 'paved-road:owner': 'team-integ' } });
const stack = new Stack(app, 'PavedRoadDatabasePostgres', {
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});

const network = new PavedRoadNetwork(stack, 'Network', { profile: Profile.DEV });
const database = new PavedRoadDatabase(stack, 'Database', {
  network,
  profile: Profile.DEV,
  multiAz: true,
  removalPolicy: RemovalPolicy.DESTROY,
  backupRetentionDays: 1,
});

const integ = new IntegTest(app, 'PavedRoadDatabasePostgresTest', { testCases: [stack] });
integ.assertions.awsApiCall('RDS', 'describeDBInstances', { DBInstanceIdentifier: database.instance!.instanceIdentifier })
  .expect(ExpectedResult.objectLike({
    DBInstances: [Match.objectLike({
      Engine: 'postgres',
      StorageEncrypted: true,
      KmsKeyId: Match.stringLikeRegexp('^arn:aws[a-z-]*:kms:'),
      MultiAZ: true,
      IAMDatabaseAuthenticationEnabled: true,
      PubliclyAccessible: false,
      DeletionProtection: false,
      PerformanceInsightsEnabled: true,
      EnabledCloudwatchLogsExports: ['postgresql', 'upgrade'],
    })],
  }));
