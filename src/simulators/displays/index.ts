import type { SimulatorDescriptor } from '../registry.js';

/** The displays simulators known to `classroom simulate`. */
export const displaysSimulators: readonly SimulatorDescriptor[] = [];
