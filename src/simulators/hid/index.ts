import type { SimulatorDescriptor } from '../registry.js';

/** The hid simulators known to `classroom simulate`. */
export const hidSimulators: readonly SimulatorDescriptor[] = [];
