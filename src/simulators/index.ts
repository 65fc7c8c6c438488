import { camerasSimulators } from './cameras/index.js';
import { displaysSimulators } from './displays/index.js';
import { hidSimulators } from './hid/index.js';
import { recordersSimulators } from './recorders/index.js';
import type { SimulatorDescriptor } from './registry.js';

export function allSimulators(): readonly SimulatorDescriptor[] {
  return [...displaysSimulators, ...camerasSimulators, ...recordersSimulators, ...hidSimulators];
}
