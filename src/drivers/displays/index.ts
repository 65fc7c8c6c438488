import type { DriverDescriptor } from '../driver.js';
import { panelDescriptor } from './descriptor.js';
import { lg } from './lg/index.js';
import { nec } from './nec/index.js';
import { newline } from './newline/index.js';
import { philipsSicp } from './philips-sicp/index.js';
import { profileProtocol } from './profile/index.js';
import { samsungMdc } from './samsung-mdc/index.js';

export { PanelDriver } from './panel-driver.js';
export { loadProfile, parseProfile, devicesDir } from './profiles.js';

/** The display protocols, one per folder. */
export const panelProtocols = [samsungMdc, lg, nec, philipsSicp, newline, profileProtocol] as const;

/** The displays drivers known to the registry. */
export const displaysDrivers: readonly DriverDescriptor[] = panelProtocols.map(panelDescriptor);
