import { existsSync } from 'node:fs';
import { fail, ok, skip, type Check } from './types.js';

const RULES = '/etc/udev/rules.d/50-smart-classroom.rules';
const FIX = `Install the udev rule: sudo cp scripts/udev/50-smart-classroom.rules ${RULES} && sudo udevadm control --reload && sudo udevadm trigger; and add the service user to plugdev (usermod -aG plugdev smart-classroom).`;

/** Keypads and relays the config names are plugged in and may be opened (the udev rule is the usual problem). */
export const hidDevices: Check = {
  id: 'hid',
  title: 'USB HID devices (keypads, relays)',
  async run(ctx) {
    const configured = (ctx.config?.value.devices ?? []).filter((d) => d.target.startsWith('hid:'));
    // Loaded on use: node-hid needs libusb, which a machine without keypads may lack.
    const [{ discoverHid }, { hidDriversFor }] = await Promise.all([import('../../discovery/hid.js'), import('../../drivers/hid/match.js')]);
    const result = await discoverHid({ log: ctx.log, timeoutMs: ctx.timeoutMs }, hidDriversFor);
    const ours = result.devices.filter((d) => (d.drivers ?? []).length > 0);
    const blocked = ours.filter((d) => d.problem !== undefined);
    if (blocked.length > 0) {
      return fail(blocked.map((d) => `${d.target} ${d.description}: ${d.problem ?? ''}`).join('; '), FIX);
    }
    if (configured.length > 0 && ours.length === 0) {
      const why = result.notes.length > 0 ? ` (${result.notes.join(' ')})` : '';
      return fail(`the config uses ${configured.map((d) => `${d.id} (${d.target})`).join(', ')}, but no keypad or relay is plugged in${why}`, 'Check the USB cables and hubs; `classroom discover --hid` lists what the system sees.');
    }
    if (ours.length === 0) return skip('no keypad or relay plugged in, and the config uses none');
    const rules = existsSync(RULES) ? '' : ` (note: ${RULES} is not installed; it works now only because of this user's rights)`;
    return ok(`${ours.length} keypad/relay device(s) can be opened${rules}`);
  },
};
