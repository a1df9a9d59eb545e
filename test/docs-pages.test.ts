import { Assembly, importsFor, javaFieldAccessInCalls, renderReadme, Snippet } from '../scripts/docs-pages';

/** The jsii facts of this library and aws-cdk-lib the imports are read from (as in `.jsii`). */
const ASSEMBLY: Assembly = {
  name: 'paved-road-constructs',
  targets: { python: { module: 'paved_road_constructs' }, java: { package: 'dev.pavedroad.constructs' } },
  types: { 'paved-road-constructs.PavedRoadDatabase': {}, 'paved-road-constructs.PavedRoadDatabaseProps': {}, 'paved-road-constructs.ConnectionEnvironment': {} },
  dependencyClosure: {
    'aws-cdk-lib': {
      targets: { python: { module: 'aws_cdk' }, java: { package: 'software.amazon.awscdk' } },
      submodules: { 'aws-cdk-lib.aws_ec2': { targets: { python: { module: 'aws_cdk.aws_ec2' }, java: { package: 'software.amazon.awscdk.services.ec2' } } } },
    },
  },
};

const FIXTURE = [
  "import { App, Stack } from 'aws-cdk-lib';",
  "import * as ec2 from 'aws-cdk-lib/aws-ec2';",
  "import { PavedRoadDatabase, PavedRoadService } from 'paved-road-constructs';",
  'class Fixture extends Stack {}',
].join('\n');

/** A database example as rosetta leaves it in the tablet. */
function databaseExample(java: string): Snippet {
  return {
    location: { api: { api: 'type', fqn: 'paved-road-constructs.PavedRoadDatabase' } },
    fullSource: FIXTURE,
    fqnsReferenced: ['aws-cdk-lib.aws_ec2.Connections#allowToDefaultPort', 'paved-road-constructs.PavedRoadService#connections'],
    translations: {
      $: { source: "const db = new PavedRoadDatabase(stack, 'Database', { network });\nconst c: ec2.Connections = service.connections;\nc.allowToDefaultPort(db);\nconst env = db.connectionEnvironment();" },
      python: { source: 'db = PavedRoadDatabase(stack, "Database", network=network)\nc = service.connections\nc.allow_to_default_port(db)\nenv = db.connection_environment()' },
      java: { source: java },
    },
  };
}

describe('docs pages (scripts/docs-pages.ts)', () => {
  test('GIVEN an example written against a fixture THEN each language imports what its code names, from the module jsii publishes', () => {
    const imports = importsFor(databaseExample([
      'PavedRoadDatabase db = PavedRoadDatabase.Builder.create(stack, "Database").network(network).build();',
      'Connections c = service.getConnections();',
      'c.allowToDefaultPort(db);',
      'ConnectionEnvironment env = db.connectionEnvironment(); // "App" in a comment or a string names nothing',
    ].join('\n')), ASSEMBLY);
    // TypeScript: the fixture's imports the example uses (not App, Stack or PavedRoadService)
    expect(imports.$).toEqual(["import * as ec2 from 'aws-cdk-lib/aws-ec2';", "import { PavedRoadDatabase } from 'paved-road-constructs';"]);
    // Python drops the type annotation, so ec2 is not imported
    expect(imports.python).toEqual(['from paved_road_constructs import PavedRoadDatabase']);
    // Java imports the types it declares, the inferred ones included
    expect(imports.java).toEqual([
      'import dev.pavedroad.constructs.ConnectionEnvironment;',
      'import dev.pavedroad.constructs.PavedRoadDatabase;',
      'import software.amazon.awscdk.services.ec2.Connections;',
    ]);
  });

  test('GIVEN a Java translation naming a type no referenced jsii type defines THEN the pages are refused, naming it', () => {
    expect(() => importsFor(databaseExample('Vpc vpc = network.getVpc();'), ASSEMBLY)).toThrow(/names Vpc, which no jsii type it refers to defines/);
  });

  test('rosetta\'s field access inside a call (aws/jsii#3771) is found, and correct Java is not', () => {
    expect(javaFieldAccessInCalls('db.connections.allowDefaultPortFrom(service);\nString b = (String)app.node.tryGetContext("branch");'))
      .toEqual(['db.connections.allowDefaultPortFrom(', 'app.node.tryGetContext(']);
    expect(javaFieldAccessInCalls([
      'Connections c = service.getConnections();',
      'c.allowToDefaultPort(db);',
      'System.out.println(x); // db.connections.allowDefaultPortFrom(service) in a comment',
      'String s = "a.b.c()";',
      'Node appNode = app.getNode();',
    ].join('\n'))).toEqual([]);
  });

  test('GIVEN the README\'s TypeScript quick start and its translation THEN the Python quick start is the translation, unused imports left out', () => {
    const app = "import * as ec2 from 'aws-cdk-lib/aws-ec2';\nconst c: ec2.Connections = api.connections;\nc.allowToDefaultPort(db);";
    const readme = [
      '<!-- quickstart-app:start -->', '```ts fixture=bare', app, '```', '<!-- quickstart-app:end -->',
      '<!-- quickstart-python:start -->', '```python', 'stale', '```', '<!-- quickstart-python:end -->', '',
    ].join('\n');
    const snippet: Snippet = {
      location: { api: { api: 'moduleReadme' } },
      translations: {
        $: { source: app },
        python: { source: 'import aws_cdk.aws_ec2 as ec2\nfrom paved_road_constructs import PavedRoadService, Unused\n\nc = api.connections # ec2\nc.allow_to_default_port(db)\nfrom paved_road_constructs import PavedRoadService\nPavedRoadService.of(c)' },
      },
    };
    const rendered = renderReadme(readme, [snippet]);
    expect(rendered).toContain([
      '<!-- quickstart-python:start -->', '```python', 'from paved_road_constructs import PavedRoadService', '',
      'c = api.connections # ec2', 'c.allow_to_default_port(db)', 'PavedRoadService.of(c)', '```', '<!-- quickstart-python:end -->',
    ].join('\n'));
    expect(() => renderReadme(readme.replace('allowToDefaultPort', 'allowTo'), [snippet])).toThrow(/rosetta has no translation of the TypeScript quick start/);
  });
});
