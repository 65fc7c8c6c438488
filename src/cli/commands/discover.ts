import type { Command } from 'commander';
import { createLogger } from '../../core/logger.js';
import { ScError } from '../../core/errors/index.js';
import type { DiscoveryOptions, DiscoveryResult } from '../../discovery/types.js';
import type { CliIo } from '../io.js';

interface DiscoverOptions {
  onvif?: boolean;
  serial?: boolean;
  hid?: boolean;
  json?: boolean;
  timeout: string;
  address?: string;
  probePort?: string;
}

export function registerDiscover(program: Command, io: CliIo): void {
  program
    .command('discover')
    .description('find devices: ONVIF cameras (WS-Discovery), serial ports, USB HID devices (all three by default)')
    .option('--onvif', 'ONVIF cameras by WS-Discovery')
    .option('--serial', 'serial ports (works without udevadm)')
    .option('--hid', 'USB HID devices, with what we can drive and why one cannot be opened')
    .option('--timeout <ms>', 'how long to wait for network answers', '3000')
    .option('--address <ip>', 'WS-Discovery destination (default the multicast group 239.255.255.250)')
    .option('--probe-port <port>', 'WS-Discovery destination port (default 3702)')
    .option('--json', 'print JSON')
    .action(async (opts: DiscoverOptions) => {
      const all = opts.onvif !== true && opts.serial !== true && opts.hid !== true;
      const timeoutMs = Number(opts.timeout);
      if (!Number.isInteger(timeoutMs) || timeoutMs < 0) throw new ScError('SC_ERR_USAGE', { detail: `--timeout must be ms, not ${opts.timeout}` });
      const options: DiscoveryOptions = {
        log: createLogger({ level: 'warn', toStderr: true }),
        timeoutMs,
        ...(opts.address === undefined ? {} : { address: opts.address }),
        ...(opts.probePort === undefined ? {} : { port: Number(opts.probePort) }),
      };
      const runs: [string, (o: DiscoveryOptions) => Promise<DiscoveryResult>][] = [];
      // Each kind is loaded on use, so a missing native library (libusb for HID) only affects its own kind.
      if (all || opts.serial === true) runs.push(['serial', async (o) => (await import('../../discovery/serial.js')).discoverSerial(o)]);
      if (all || opts.hid === true) runs.push(['hid', async (o) => (await import('../../discovery/hid.js')).discoverHid(o, (await import('../../drivers/hid/match.js')).hidDriversFor)]);
      if (all || opts.onvif === true) runs.push(['onvif', async (o) => (await import('../../discovery/onvif.js')).discoverOnvif(o)]);
      const results: Record<string, DiscoveryResult> = {};
      for (const [name, run] of runs) results[name] = await run(options);
      if (opts.json === true) {
        io.out(`${JSON.stringify(results)}\n`);
        return;
      }
      for (const [name, result] of Object.entries(results)) {
        io.out(`${name}:\n`);
        if (result.devices.length === 0) io.out('  nothing found\n');
        for (const d of result.devices) {
          io.out(`  ${d.target}  ${d.description}${d.drivers === undefined ? '' : `  [${d.drivers.join(', ')}]`}\n`);
          if (d.problem !== undefined) io.out(`    problem: ${d.problem}\n`);
        }
        for (const n of result.notes) io.out(`  note: ${n}\n`);
      }
    });
}
