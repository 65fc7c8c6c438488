import type { RunningSimulator, SimulatorDescriptor, SimulatorOptions } from '../registry.js';
import { PEARL_SIM_DEFAULTS, PearlSimulator, servesV2 } from './pearl.js';

import { SmpTcpServer, SmpUnit, smpOptions, smpPty } from './extron-smp.js';

export { PearlSimulator, PEARL_SIM_DEFAULTS, type PearlSimOptions } from './pearl.js';
export { SmpSerialPort, SmpTcpServer, SmpUnit, SMP_SIM_DEFAULTS, smpOptions, smpPty, type SmpSimOptions } from './extron-smp.js';

function num(settings: SimulatorOptions['settings'], key: string, fallback: number): number {
  const v = settings[key];
  const n = v === undefined ? fallback : Number(v);
  return Number.isFinite(n) ? n : fallback;
}

const pearl: SimulatorDescriptor = {
  device: 'recorder',
  protocols: ['pearl'],
  async start(o): Promise<RunningSimulator> {
    const s = o.settings;
    const sim = new PearlSimulator({
      host: o.host,
      port: o.port ?? 0,
      username: s.username ?? PEARL_SIM_DEFAULTS.username,
      password: s.password ?? PEARL_SIM_DEFAULTS.password,
      firmware: s.firmware ?? PEARL_SIM_DEFAULTS.firmware,
      freeBytes: num(s, 'freeBytes', PEARL_SIM_DEFAULTS.freeBytes),
      bytesPerSecond: num(s, 'bytesPerSecond', PEARL_SIM_DEFAULTS.bytesPerSecond),
      log: o.log,
    });
    await sim.start();
    const user = sim.options.username;
    return {
      targets: [`http://${user}:${sim.options.password}@${o.host}:${String(sim.port)}`],
      describe: () => [
        `Epiphan Pearl API, firmware ${sim.options.firmware} (${servesV2(sim.options.firmware) ? '/api/v2.0 and /api' : 'legacy /api only'})`,
        `login ${user} / ${sim.options.password}; recorders 1 (HDMI-A), 2 (Multi), m1 (Multitrack)`,
        `try: classroom ctl pearl http://${user}:${sim.options.password}@${o.host}:${String(sim.port)} record start --set recorder=1`,
      ],
      stop: () => sim.stop(),
    };
  },
};

const extronSmp: SimulatorDescriptor = {
  device: 'recorder',
  protocols: ['extron-smp'],
  async start(o): Promise<RunningSimulator> {
    const unit = new SmpUnit({ ...smpOptions(o.settings), log: o.log });
    const stops: (() => Promise<void>)[] = [];
    const targets: string[] = [];
    try {
      if (o.pty === true) {
        const pty = await smpPty(unit);
        stops.push(() => pty.stop());
        targets.push(`serial:${pty.driverEnd}?baud=9600`);
      }
      if (o.tcpPort !== undefined || o.port !== undefined || o.pty !== true) {
        const tcp = new SmpTcpServer(unit, o.host, o.tcpPort ?? o.port ?? 0);
        await tcp.start();
        stops.push(() => tcp.stop());
        targets.push(`tcp://${o.host}:${String(tcp.boundPort)}`);
      }
    } catch (err) {
      for (const s of stops) await s();
      throw err;
    }
    return {
      targets,
      describe: () => [
        `Extron ${unit.options.model} SIS, firmware ${unit.options.firmware}; ${unit.options.password === '' ? 'no password' : `password "${unit.options.password}"`}`,
        `try: classroom ctl extron-smp ${targets[0] ?? ''} record start${unit.options.password === '' ? '' : ` --set password=${unit.options.password}`}`,
      ],
      stop: async () => {
        for (const s of stops) await s();
      },
    };
  },
};

/** The recorders simulators known to `classroom simulate`. */
export const recordersSimulators: readonly SimulatorDescriptor[] = [extronSmp, pearl];
