import { RemovalPolicy } from 'aws-cdk-lib';
import { DatabaseEngine } from './database-engine';
import { PavedRoadDatabaseProps } from './database-props';
import { DATABASE_PROFILE_DEFAULTS, ENGINE_SPECS, MAX_STORAGE_GIB } from './defaults';
import { Profile } from '../core/profile';
import { isIntegerIn, isLogRetention, LOG_RETENTION_ALLOWED, PropValidator } from '../core/validation';

const ENGINES = Object.values(DatabaseEngine) as string[];
const isAcu = (v: number) => typeof v === 'number' && v >= 0.5 && v <= 256 && Number.isInteger(v * 2);

/**
 * Checks every prop of `PavedRoadDatabase` and throws one error listing each problem.
 * @internal
 */
export function validateDatabaseProps(path: string, profile: Profile, props: PavedRoadDatabaseProps): void {
  const v = new PropValidator('PavedRoadDatabase', path);
  v.require('network', props.network, 'pass a PavedRoadNetwork (or any IPavedRoadNetwork)');
  v.check('engine', props.engine, (e) => ENGINES.includes(e), `one of ${ENGINES.join(', ')} (DatabaseEngine)`);
  const engine = ENGINES.includes(props.engine as string) ? props.engine! : DatabaseEngine.POSTGRES;
  const spec = ENGINE_SPECS[engine];
  const dd = DATABASE_PROFILE_DEFAULTS[profile];

  v.check('engineVersion', props.engineVersion, (x) => spec.majorVersions.includes(x), `a ${engine} major version: ${spec.majorVersions.join(', ')}`);
  if (spec.aurora) {
    for (const [prop, value] of [['instanceType', props.instanceType?.toString()], ['allocatedStorageGiB', props.allocatedStorageGiB], ['maxAllocatedStorageGiB', props.maxAllocatedStorageGiB]] as const) {
      if (value !== undefined) v.fail(prop, value, 'unset for Aurora Serverless v2 (it sizes itself between minCapacity and maxCapacity ACU and grows its storage)');
    }
  } else {
    v.check('instanceType', props.instanceType?.toString(), (t) => /^(db\.)?[a-z][a-z0-9-]*\.[a-z0-9]+$/.test(t), 'an RDS instance class such as t4g.micro or m7g.large');
    for (const [prop, value] of [['minCapacity', props.minCapacity], ['maxCapacity', props.maxCapacity]] as const) {
      if (value !== undefined) v.fail(prop, value, `unset for ${engine} (ACU apply to Aurora Serverless v2 only)`);
    }
    v.check('allocatedStorageGiB', props.allocatedStorageGiB, isIntegerIn(spec.minStorageGiB, MAX_STORAGE_GIB), `an integer from ${spec.minStorageGiB} (the ${engine} gp3 minimum) to ${MAX_STORAGE_GIB}`);
    const allocated = props.allocatedStorageGiB ?? dd.allocatedStorageGiB;
    const floor = Math.ceil((allocated * 11) / 10);
    v.check('maxAllocatedStorageGiB', props.maxAllocatedStorageGiB, isIntegerIn(floor, MAX_STORAGE_GIB), `an integer from ${floor} (10% above allocatedStorageGiB ${allocated}) to ${MAX_STORAGE_GIB}`);
  }
  v.check('minCapacity', spec.aurora ? props.minCapacity : undefined, isAcu, 'from 0.5 to 256 ACU in steps of 0.5');
  v.check('maxCapacity', spec.aurora ? props.maxCapacity : undefined, isAcu, 'from 0.5 to 256 ACU in steps of 0.5');
  const minAcu = props.minCapacity ?? dd.minCapacity;
  const maxAcu = props.maxCapacity ?? dd.maxCapacity;
  if (spec.aurora && isAcu(minAcu) && isAcu(maxAcu) && minAcu > maxAcu) {
    v.fail('minCapacity', minAcu, `at most maxCapacity (${maxAcu})`);
  }

  const minBackup = spec.aurora || profile === Profile.PROD ? 1 : 0;
  v.check('backupRetentionDays', props.backupRetentionDays, isIntegerIn(minBackup, 35),
    `an integer from ${minBackup} to 35${minBackup === 1 ? (spec.aurora ? ' (Aurora always keeps backups)' : ' (prod databases always keep backups)') : ''}`);
  const protectedProfile = profile === Profile.PROD || profile === Profile.STAGING;
  v.check('removalPolicy', props.removalPolicy, (p) => [RemovalPolicy.SNAPSHOT, RemovalPolicy.RETAIN, RemovalPolicy.DESTROY].includes(p) && !(protectedProfile && p === RemovalPolicy.DESTROY),
    protectedProfile ? `SNAPSHOT or RETAIN in ${profile}: DESTROY would delete the data with the stack` : 'SNAPSHOT, RETAIN or DESTROY');
  v.check('publiclyAccessible', props.publiclyAccessible, (p) => p === false, 'false (or unset): a paved-road database is reachable only from inside its VPC');
  v.check('port', props.port, isIntegerIn(1150, 65535), 'an integer from 1150 to 65535');
  v.check('databaseName', props.databaseName, (n) => /^[A-Za-z][A-Za-z0-9_]{0,62}$/.test(n), 'a letter then up to 62 letters, digits or underscores');
  v.check('rotationDays', props.rotationDays, isIntegerIn(1, 365), 'an integer from 1 to 365');
  if (props.rotationDays !== undefined && props.credentials?.secret) {
    v.fail('rotationDays', props.rotationDays, 'unset when credentials come from an existing secret (its owner rotates it)');
  }
  if (props.credentials?.password && !props.credentials.secret) {
    v.fail('credentials', 'an explicit password', 'rds.Credentials.fromGeneratedSecret(username) or rds.Credentials.fromSecret(secret): the password must never be in the template');
  }
  v.check('logRetentionDays', props.logRetentionDays, isLogRetention, LOG_RETENTION_ALLOWED);
  v.throwIfInvalid();
}
