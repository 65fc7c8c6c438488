import type { SimulatorDescriptor } from '../registry.js';

/** The cameras simulators known to `classroom simulate`. */
export const camerasSimulators: readonly SimulatorDescriptor[] = [];
