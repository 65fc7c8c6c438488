import type { DriverDescriptor } from '../driver.js';

/** The recorders drivers known to the registry. */
export const recordersDrivers: readonly DriverDescriptor[] = [];
