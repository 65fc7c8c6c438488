import type { DriverDescriptor } from '../driver.js';
import { hidRelayDescriptor } from './hid-relay.js';
import { streamDeckDescriptor } from './streamdeck.js';
import { xkeysDescriptor } from './xkeys.js';

export { HidRelayDriver, hidRelayDescriptor } from './hid-relay.js';
export { StreamDeckDriver, streamDeckDescriptor } from './streamdeck.js';
export { XkeysDriver, xkeysDescriptor } from './xkeys.js';
export { hidDriversFor } from './match.js';

/** The hid drivers known to the registry. */
export const hidDrivers: readonly DriverDescriptor[] = [streamDeckDescriptor, xkeysDescriptor, hidRelayDescriptor];
