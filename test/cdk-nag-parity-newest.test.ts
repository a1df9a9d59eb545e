/*
 * The library's shared rule outcomes against cdk-nag's own packs, with cdk-nag at the newest version of the
 * peer range: the npm alias cdk-nag-newest (a devDependency, see CDK_NAG_NEWEST in .projenrc.ts) stands in
 * for cdk-nag everywhere in this file's module registry, the library's imports included.
 */
import { describeCdkNagParity } from './cdk-nag-parity';

jest.mock('cdk-nag', () => jest.requireActual('cdk-nag-newest'));

describeCdkNagParity('newest', 'cdk-nag-newest');
