/*
 * The library's shared rule outcomes against cdk-nag's own packs, with cdk-nag at the lowest version of the
 * peer range: the npm alias cdk-nag-lowest (a devDependency, see CDK_NAG_LOWEST in .projenrc.ts) stands in
 * for cdk-nag everywhere in this file's module registry, the library's imports included.
 */
import { describeCdkNagParity } from './cdk-nag-parity';

jest.mock('cdk-nag', () => jest.requireActual('cdk-nag-lowest'));

describeCdkNagParity('lowest', 'cdk-nag-lowest');
