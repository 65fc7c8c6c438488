import type { DriverDescriptor } from '../driver.js';

/** The cameras drivers known to the registry. */
export const camerasDrivers: readonly DriverDescriptor[] = [];
