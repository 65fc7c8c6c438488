import type { SimulatorDescriptor } from '../registry.js';
import { onvifSimulator } from './onvif/descriptor.js';
import { viscaSimulator } from './visca/descriptor.js';

/** The cameras simulators known to `classroom simulate`. */
export const camerasSimulators: readonly SimulatorDescriptor[] = [onvifSimulator, viscaSimulator];
