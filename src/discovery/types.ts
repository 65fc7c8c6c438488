import type { Logger } from 'pino';
import type { HidDeviceInfo } from '../transports/hid/types.js';

export interface DiscoveryOptions {
  log: Logger;
  /** How long to listen for answers (network discovery). */
  timeoutMs: number;
  /** WS-Discovery destination; tests point it at a responder on 127.0.0.1. */
  address?: string;
  port?: number;
}

export interface DiscoveredDevice {
  kind: 'onvif' | 'serial' | 'hid';
  /** In target syntax where one exists. */
  target: string;
  description: string;
  /** Drivers that can run it, when known. */
  drivers?: string[];
  /** Why it cannot be used as it is (permissions, missing udev rule). */
  problem?: string;
  details?: Record<string, string | number | boolean>;
}

export interface DiscoveryResult {
  devices: DiscoveredDevice[];
  /** Sentences for a person: nothing found, and why that may be. */
  notes: string[];
}

/**
 * Which of our drivers can run a HID interface, with the model it would be. The drivers know
 * that (`hidDriversFor` in src/drivers/hid/match.ts); the caller passes it in, so discovery
 * stays below the drivers.
 */
export type HidDriverMatcher = (info: HidDeviceInfo) => { driver: string; model: string }[];
