import type { SimulatorDescriptor } from '../registry.js';

export { FakeHidBackend, FakeHidDevice, FakeHidUnit, type FakeHidBehaviour } from './fake-device.js';
export { RelayBoardModel } from './relay-board.js';
export { checkRecording, hexBytes, replayBehaviour, sequence, type HidRecording } from './recording.js';

/**
 * The hid simulators known to `classroom simulate`: none. No virtual HID device can be made
 * on these machines (no uhid access), so HID is simulated in-process at node-hid's interface
 * (FakeHidBackend above), by tests and by the demo.
 */
export const hidSimulators: readonly SimulatorDescriptor[] = [];
