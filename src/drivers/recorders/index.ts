import type { DriverDescriptor } from '../driver.js';
import { extronSmpDescriptor } from './extron-smp.js';
import { pearlDescriptor } from './pearl.js';

export { ExtronSmpDriver, extronSmpDescriptor } from './extron-smp.js';
export { PearlDriver, pearlDescriptor } from './pearl.js';
export { RecorderWatch, type UnexpectedStop } from './watch.js';

/** The recorders drivers known to the registry. */
export const recordersDrivers: readonly DriverDescriptor[] = [extronSmpDescriptor, pearlDescriptor];
