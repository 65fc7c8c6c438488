import type { FleetConfig } from '../../src/core/config/index.js';
import { FleetService, type FleetStarted } from '../../src/fleet/service.js';
import { fleetSettings } from '../../src/fleet/settings.js';
import { silentLog } from './helpers.js';

export interface TestFleet {
  service: FleetService;
  started: FleetStarted;
  mqttUrl: string;
  close(): Promise<void>;
}

/** A whole fleet service on 127.0.0.1, ports 0, its store in `dataDir`. */
export async function startFleet(dataDir: string, over: { broker?: Partial<FleetConfig['broker']>; http?: Partial<FleetConfig['http']>; alerts?: FleetConfig['alerts']; commands?: FleetConfig['commands'] } = {}): Promise<TestFleet> {
  const config: FleetConfig = {
    schemaVersion: 1,
    fleet: { name: 'test fleet' },
    dataDir,
    broker: { mode: 'embedded', host: '127.0.0.1', mqttPort: 0, ...over.broker },
    http: { host: '127.0.0.1', port: 0, publicUrl: 'https://fleet.test', loginAttemptsPerMinute: 1000, ...over.http },
    ...(over.alerts === undefined ? {} : { alerts: over.alerts }),
    ...(over.commands === undefined ? {} : { commands: over.commands }),
  };
  const service = new FleetService({ settings: fleetSettings(config), log: silentLog, version: '0.0.0-test' });
  const started = await service.start();
  return { service, started, mqttUrl: `mqtt://127.0.0.1:${started.mqtt.mqtt ?? 0}`, close: () => service.stop() };
}
