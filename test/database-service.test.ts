import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { PavedRoadCache, PavedRoadDatabase, PavedRoadNetwork, PavedRoadService, Profile } from '../src';
import { expectNagClean, testApp, testStack } from './nag';

describe('PavedRoadDatabase and PavedRoadCache with a PavedRoadService', () => {
  test.each([Profile.DEV, Profile.STAGING])('a service connected to both gets their settings and secrets and is let in (%s)', (profile) => {
    // GIVEN a network, a database and a cache
    const app = testApp({ 'paved-road:profile': profile });
    const stack = testStack(app);
    const network = new PavedRoadNetwork(stack, 'Network');
    const db = new PavedRoadDatabase(stack, 'Database', { network });
    const cache = new PavedRoadCache(stack, 'Cache', { network });
    const dbEnv = db.connectionEnvironment();
    const cacheEnv = cache.connectionEnvironment();

    // WHEN a service spreads their connection settings and connects to them
    const service = new PavedRoadService(stack, 'Service', {
      network,
      image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable'),
      environment: { ...dbEnv.environment, ...cacheEnv.environment },
      secrets: { ...dbEnv.secrets, ...cacheEnv.secrets },
    });
    db.connections.allowDefaultPortFrom(service);
    cache.connections.allowDefaultPortFrom(service);
    db.grantConnect(service, 'app_user');
    expectNagClean(app);

    // THEN the container gets the host, port, name and secret fields
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      ContainerDefinitions: Match.arrayWith([Match.objectLike({
        Environment: Match.arrayWith([
          { Name: 'DB_HOST', Value: { 'Fn::GetAtt': ['DatabaseInstanceAA8A5FDE', 'Endpoint.Address'] } },
          { Name: 'DB_PORT', Value: '5433' },
          { Name: 'CACHE_HOST', Value: { 'Fn::GetAtt': ['CacheReplicationGroupBFE59FF3', 'PrimaryEndPoint.Address'] } },
          { Name: 'CACHE_PORT', Value: '6380' },
        ]),
        Secrets: Match.arrayWith([
          Match.objectLike({ Name: 'DB_USERNAME' }),
          Match.objectLike({ Name: 'DB_PASSWORD' }),
          Match.objectLike({ Name: 'CACHE_AUTH_TOKEN' }),
        ]),
      })]),
    });
    // and only the service is let in, on each store's own port
    for (const [port, group] of [[5433, 'DatabaseSecurityGroup'], [6380, 'CacheSecurityGroup']] as const) {
      template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
        FromPort: port,
        ToPort: port,
        GroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp(`^${group}`), 'GroupId'] },
        SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Service'), 'GroupId'] },
      });
    }
  });
});
