import type { DriverDescriptor } from '../driver.js';
import { onvifDescriptor } from './onvif/descriptor.js';
import { viscaDescriptor } from './visca/descriptor.js';

/** The cameras drivers known to the registry. */
export const camerasDrivers: readonly DriverDescriptor[] = [onvifDescriptor, viscaDescriptor];
