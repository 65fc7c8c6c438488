export type { HidBackend, HidDeviceInfo, RawHidDevice } from './types.js';
export { describeHid, hex4 } from './types.js';
export { NodeHidBackend } from './node-hid-backend.js';
export { HidDevice, type HidDeviceOptions } from './device.js';
export { HidWatcher, hidKey, type HidWatcherEvents, type HidWatcherOptions } from './watcher.js';
export { diagnoseOpenError, fsPermissionProbe, type PermissionProbe } from './permission.js';
export { UDEV_ENTRIES, UDEV_GROUP, UDEV_RULES_PATH, renderUdevRules, udevAdvice, udevLines } from './udev.js';
export { findTargetDevices, matchesTarget } from './match.js';
export { openHidDevice, type OpenHidOptions } from './open.js';
