import type { Logger } from 'pino';
import type { DiscoveryReply } from '../contract/technician.js';
import type { HidDeviceInfo } from '../transports/hid/types.js';

export interface DiscoveryOptions {
  log: Logger;
  /** How long to listen for answers (network discovery). */
  timeoutMs: number;
  /** WS-Discovery destination; tests point it at a responder on 127.0.0.1. */
  address?: string;
  port?: number;
}

export type { DiscoveredDevice } from '../contract/technician.js';

/** What one kind of discovery found (the technician route adds the kind). */
export type DiscoveryResult = Omit<DiscoveryReply, 'kind'>;

/**
 * Which of our drivers can run a HID interface, with the model it would be. The drivers know
 * that (`hidDriversFor` in src/drivers/hid/match.ts); the caller passes it in, so discovery
 * stays below the drivers.
 */
export type HidDriverMatcher = (info: HidDeviceInfo) => { driver: string; model: string }[];
