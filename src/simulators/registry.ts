import type { Logger } from 'pino';

/** A running simulated device, as `classroom simulate` and the demo use it. */
export interface RunningSimulator {
  /** Where it listens, in target syntax: serial:/dev/pts/7, tcp://127.0.0.1:5000, http://127.0.0.1:8080/onvif/device_service */
  targets: string[];
  /** Lines worth printing for a person (protocol, ids, credentials of the simulator). */
  describe(): string[];
  stop(): Promise<void>;
}

export interface SimulatorOptions {
  protocol?: string;
  pty?: boolean;
  tcpPort?: number;
  port?: number;
  host: string;
  log: Logger;
  /** Everything else from --set key=value. */
  settings: Readonly<Record<string, string>>;
}

export interface SimulatorDescriptor {
  /** `classroom simulate <device>`: panel, camera, recorder, ... */
  device: string;
  protocols: readonly string[];
  start(options: SimulatorOptions): Promise<RunningSimulator>;
}
