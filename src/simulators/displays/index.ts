import type { SimulatorDescriptor } from '../registry.js';
import { ScError } from '../../core/errors/index.js';
import { startPanel } from './panel-sim.js';
import { lgSim } from './lg.js';
import { necSim } from './nec.js';
import { newlineSim } from './newline.js';
import { sicpSim } from './philips-sicp.js';
import { profileSim, readSimProfile } from './profile.js';
import { mdcSim } from './samsung-mdc.js';
import type { PanelSimProtocol } from './sim-core.js';

export { startPanel, PanelEngine, type RunningPanel } from './panel-sim.js';
export { profileSim, readSimProfile } from './profile.js';

/** Profile-driven panels that `--protocol NAME` starts directly. */
const PROFILE_ALIASES: Readonly<Record<string, string>> = { maxhub: 'maxhub-v6' };

export const panelSimProtocols: readonly PanelSimProtocol[] = [mdcSim, lgSim, necSim, sicpSim, newlineSim];

const panel: SimulatorDescriptor = {
  device: 'panel',
  protocols: [...panelSimProtocols.map((p) => p.name), ...Object.keys(PROFILE_ALIASES), 'profile'],
  start: (options) => {
    const name = options.protocol ?? 'samsung-mdc';
    if (name === 'profile' || PROFILE_ALIASES[name] !== undefined) {
      const profileName = options.settings.profile ?? PROFILE_ALIASES[name];
      if (profileName === undefined) throw new ScError('SC_ERR_USAGE', { detail: '--protocol profile needs --set profile=NAME (a file in devices/) or a path to a .yaml file' });
      return startPanel(profileSim(readSimProfile(profileName), name), options);
    }
    const protocol = panelSimProtocols.find((p) => p.name === name);
    if (protocol === undefined) throw new ScError('SC_ERR_USAGE', { detail: `no panel simulator speaks "${name}"; known: ${panelSimProtocols.map((p) => p.name).join(', ')}` });
    return startPanel(protocol, options);
  },
};

/** The displays simulators known to `classroom simulate`. */
export const displaysSimulators: readonly SimulatorDescriptor[] = [panel];
