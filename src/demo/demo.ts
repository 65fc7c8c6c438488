import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { FleetHost, type Login } from './fleet-host.js';
import { loadDemoFleet } from './fleet-file.js';
import { planRooms, roomRootOf, type RoomPlan } from './plan.js';
import type { WorkerJob } from './protocol.js';
import { WorkerPool, type WorkerReady } from './workers.js';

export interface DemoOptions {
  rooms: number;
  dataDir: string;
  httpPort: number;
  mqttPort: number;
  brokerUrl?: string;
  teachers: boolean;
  faults: boolean;
  pace: number;
  /** Rooms whose panel talks over a PTY pair (when socat is present). */
  ptyRooms?: number;
  fleetFile?: string;
  log: Logger;
  logLevel: string;
  version: string;
  onProgress?: (what: string) => void;
}

export interface DemoRoomInfo {
  id: string;
  name: string;
  wallPanel: string;
  technician: string;
  /** What the room's simulated devices hold (panel, camera, recorder), as JSON. */
  simulators: string;
}

export interface DemoReady {
  ready: true;
  dashboard: string;
  mqtt: string;
  admin: Login;
  operator: Login;
  rooms: DemoRoomInfo[];
  failed: { root: string; error: string }[];
  workers: number;
  startMs: number;
  rssBytes: number;
}

function hasSocat(): boolean {
  try {
    execFileSync('socat', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** About 125 rooms per worker, at most one worker per 60 rooms: 500 rooms take four processes. */
export function workerCount(rooms: number): number {
  return Math.max(1, Math.min(8, Math.ceil(rooms / 125)));
}

/**
 * The whole product on one machine: the fleet (broker, store, dashboard) in this process and the
 * simulated classrooms (real agents, simulated devices on real transports) in worker processes.
 */
export class Demo {
  private fleet: FleetHost | undefined;
  private pool: WorkerPool | undefined;
  private stopping: Promise<void> | undefined;

  constructor(private readonly o: DemoOptions) {}

  async start(): Promise<DemoReady> {
    const o = this.o;
    const began = Date.now();
    const fleetFile = loadDemoFleet(o.fleetFile);
    mkdirSync(join(o.dataDir, 'logs'), { recursive: true });
    const plans = planRooms(fleetFile, { rooms: o.rooms, now: began, ptyRooms: hasSocat() ? (o.ptyRooms ?? 4) : 0 });
    const fleet = new FleetHost({ dataDir: o.dataDir, name: fleetFile.name, httpPort: o.httpPort, mqttPort: o.mqttPort, log: o.log, version: o.version, ...(o.brokerUrl === undefined ? {} : { brokerUrl: o.brokerUrl }) });
    this.fleet = fleet;
    o.onProgress?.('starting the fleet service');
    const logins = await fleet.start();
    o.onProgress?.(`provisioning ${plans.length} rooms`);
    const uplinks = await fleet.provision(plans);
    const jobs = this.jobs(plans, uplinks);
    this.pool = new WorkerPool({ log: o.log, onProgress: (n) => o.onProgress?.(`${n} of ${plans.length} rooms started`) });
    o.onProgress?.(`starting ${plans.length} rooms in ${jobs.length} worker process(es)`);
    const readies = await this.pool.start(jobs, 120_000 + plans.length * 1000);
    return this.ready(plans, readies, logins, began);
  }

  private jobs(plans: RoomPlan[], uplinks: Map<number, { url: string; username: string; password: string }>): WorkerJob[] {
    const o = this.o;
    const n = workerCount(plans.length);
    const epoch = Date.now();
    // Big demos poll devices less often: 500 rooms x 3 devices on two cores.
    const pollScale = Math.max(1, plans.length / 100);
    return Array.from({ length: n }, (_, w) => ({
      rooms: plans
        .filter((p) => p.index % n === w)
        .map((plan) => {
          const uplink = uplinks.get(plan.index);
          if (uplink === undefined) throw new Error(`no credentials for ${roomRootOf(plan)}`);
          return { plan, uplink, dir: join(o.dataDir, 'rooms', `${plan.country}-${plan.site}-${plan.room}`) };
        }),
      epoch,
      pace: o.pace,
      teachers: o.teachers,
      faults: o.faults,
      pollScale,
      version: o.version,
      logFile: join(o.dataDir, 'logs', `worker-${w + 1}.log`),
      logLevel: o.logLevel,
      concurrency: 6,
    }));
  }

  private ready(plans: RoomPlan[], readies: WorkerReady[], logins: { admin: Login; operator: Login }, began: number): DemoReady {
    const fleet = this.fleet;
    const byIndex = new Map(readies.flatMap((w) => w.rooms.map((r) => [r.index, { ...r, probeUrl: w.probeUrl }] as const)));
    const rooms: DemoRoomInfo[] = [];
    for (const plan of plans) {
      const r = byIndex.get(plan.index);
      if (r === undefined) continue;
      rooms.push({ id: r.root, name: `${plan.name}, ${plan.siteName} (${plan.countryName})`, wallPanel: `${r.url}/`, technician: `${r.url}/technician/`, simulators: `${r.probeUrl}/rooms/${plan.index}` });
    }
    return {
      ready: true,
      dashboard: fleet?.dashboardUrl ?? '',
      mqtt: fleet?.mqttUrl ?? '',
      admin: logins.admin,
      operator: logins.operator,
      rooms,
      failed: readies.flatMap((w) => w.failed),
      workers: readies.length,
      startMs: Date.now() - began,
      rssBytes: process.memoryUsage().rss + readies.reduce((a, w) => a + w.rssBytes, 0),
    };
  }

  stop(): Promise<void> {
    this.stopping ??= this.doStop();
    return this.stopping;
  }

  private async doStop(): Promise<void> {
    // Rooms first, so their clean "offline" reaches the broker before it closes.
    await this.pool?.stop();
    await this.fleet?.stop();
  }
}
