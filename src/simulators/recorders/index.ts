import type { SimulatorDescriptor } from '../registry.js';

/** The recorders simulators known to `classroom simulate`. */
export const recordersSimulators: readonly SimulatorDescriptor[] = [];
