import { ScError } from '../core/errors/index.js';
import { camerasDrivers } from './cameras/index.js';
import type { DriverDescriptor } from './driver.js';
import { displaysDrivers } from './displays/index.js';
import { hidDrivers } from './hid/index.js';
import { recordersDrivers } from './recorders/index.js';

/** Every driver, by name. Each family lists its own in its folder's index. */
export function allDrivers(): readonly DriverDescriptor[] {
  return [...displaysDrivers, ...camerasDrivers, ...recordersDrivers, ...hidDrivers];
}

export function findDriver(name: string): DriverDescriptor {
  const found = allDrivers().find((d) => d.name === name);
  if (found === undefined) {
    throw new ScError('SC_ERR_DRIVER_UNKNOWN', { driver: name, known: allDrivers().map((d) => d.name).join(', ') || '(none)' });
  }
  return found;
}
