import { ScError } from '../../core/errors/index.js';
import type { CtlAction, Driver, DriverDescriptor } from '../driver.js';
import type { DeviceState } from '../state.js';
import { PanelDriver, panelOptionsSchema } from './panel-driver.js';
import type { PanelProtocol } from './panel-protocol.js';

function panel(driver: Driver): PanelDriver {
  if (!(driver instanceof PanelDriver)) throw new ScError('SC_ERR_INTERNAL', { detail: `${driver.driver} is not a panel driver` });
  return driver;
}

/** What `classroom ctl` prints: the state read back from the panel after the action. */
function shown(state: DeviceState): Record<string, unknown> {
  const { status, power, input, volume, muted, latencyMs, model, firmware } = state;
  const out: Record<string, unknown> = { status, power, input, volume, muted, latencyMs, model, firmware };
  for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
  return out;
}

function onOff(device: string, command: string, word: string | undefined): boolean {
  if (word === 'on' || word === 'off') return word === 'on';
  throw new ScError('SC_ERR_USAGE', { detail: `${device}: ${command} takes on or off, not ${word === undefined ? 'nothing' : `"${word}"`}` });
}

const CTL: Readonly<Record<string, CtlAction>> = {
  power: {
    usage: 'on|off',
    run: async (d, [word]) => {
      const p = panel(d);
      if (onOff(d.id, 'power', word)) await p.power.on();
      else await p.power.off();
      return shown(await p.status());
    },
  },
  input: {
    usage: 'NAME',
    run: async (d, [name]) => {
      const p = panel(d);
      if (name === undefined) throw new ScError('SC_ERR_USAGE', { detail: `input takes a name: ${p.input.list().join(', ')}` });
      await p.input.select(name);
      return shown(await p.status());
    },
  },
  volume: {
    usage: '0-100',
    run: async (d, [word]) => {
      const p = panel(d);
      const level = Number(word);
      if (word === undefined || !Number.isInteger(level)) throw new ScError('SC_ERR_USAGE', { detail: `volume takes a whole number from 0 to 100, not ${String(word)}` });
      await p.volume.set(level);
      return shown(await p.status());
    },
  },
  mute: {
    usage: 'on|off',
    run: async (d, [word]) => {
      const p = panel(d);
      await p.volume.mute(onOff(d.id, 'mute', word));
      return shown(await p.status());
    },
  },
  status: { usage: '', run: async (d) => shown(await panel(d).status()) },
  inputs: { usage: '', run: (d) => Promise.resolve({ inputs: panel(d).input.list().join(', ') }) },
};

export function panelDescriptor(protocol: PanelProtocol): DriverDescriptor {
  return {
    name: protocol.name,
    description: protocol.description,
    capabilities: ['power', 'input', 'volume', 'health'],
    targets: ['serial', 'tcp'],
    optionsSchema: panelOptionsSchema(protocol),
    defaultPollIntervalMs: 10_000,
    defaultTimeoutMs: 1000,
    create: (ctx) => new PanelDriver(ctx, protocol),
    ctl: CTL,
  };
}
