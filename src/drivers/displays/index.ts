import type { DriverDescriptor } from '../driver.js';

/** The displays drivers known to the registry. */
export const displaysDrivers: readonly DriverDescriptor[] = [];
