import type { DriverDescriptor } from '../driver.js';

/** The hid drivers known to the registry. */
export const hidDrivers: readonly DriverDescriptor[] = [];
