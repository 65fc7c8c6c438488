import type { Command } from 'commander';
import { createLogger } from '../../core/logger.js';
import { ScError } from '../../core/errors/index.js';
import type { CliIo } from '../io.js';
import { parseSettings } from '../settings.js';
import { waitForSignal } from '../signals.js';

interface SimulateOptions {
  protocol?: string;
  onvif?: boolean;
  visca?: boolean;
  pty?: boolean;
  tcp?: string;
  port?: string;
  host: string;
  set?: string[];
  json?: boolean;
}

function portOption(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new ScError('SC_ERR_USAGE', { detail: `${name} must be a port number, not ${value}` });
  return n;
}

export function registerSimulate(program: Command, io: CliIo): void {
  program
    .command('simulate')
    .description('run a simulated device (panel, camera, recorder) for tests, training and the demo')
    .argument('<device>', 'panel, camera or recorder')
    .option('--protocol <name>', 'the protocol it speaks (panel: samsung-mdc, lg, nec, philips-sicp, newline, maxhub; camera: onvif, visca; recorder: extron-smp, pearl)')
    .option('--onvif', 'same as --protocol onvif')
    .option('--visca', 'same as --protocol visca')
    .option('--pty', 'listen on a pseudo-terminal pair (needs socat); prints the port to open')
    .option('--tcp <port>', 'listen on this TCP port (0 = any free port)')
    .option('--port <port>', 'listen on this port (HTTP/UDP simulators)')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--set <key=value...>', 'simulator settings, e.g. --set warmupMs=3000 --set password=secret')
    .option('--json', 'print where it listens as one JSON line')
    .action(async (device: string, opts: SimulateOptions) => {
      const protocol = opts.protocol ?? (opts.onvif === true ? 'onvif' : opts.visca === true ? 'visca' : undefined);
      const { allSimulators } = await import('../../simulators/index.js');
      const candidates = allSimulators().filter((s) => s.device === device);
      if (candidates.length === 0) {
        const known = [...new Set(allSimulators().map((s) => s.device))].join(', ') || '(none yet)';
        throw new ScError('SC_ERR_USAGE', { detail: `no simulator for "${device}"; known: ${known}` });
      }
      const chosen = protocol === undefined ? candidates[0] : candidates.find((s) => s.protocols.includes(protocol));
      if (chosen === undefined) {
        throw new ScError('SC_ERR_USAGE', { detail: `no ${device} simulator speaks "${String(protocol)}"; known: ${candidates.flatMap((c) => c.protocols).join(', ')}` });
      }
      const log = createLogger({ level: 'info', toStderr: true });
      const tcpPort = portOption(opts.tcp, '--tcp');
      const port = portOption(opts.port, '--port');
      const sim = await chosen.start({
        ...(protocol === undefined ? {} : { protocol }),
        pty: opts.pty === true,
        ...(tcpPort === undefined ? {} : { tcpPort }),
        ...(port === undefined ? {} : { port }),
        host: opts.host,
        log,
        settings: parseSettings(opts.set ?? []),
      });
      if (opts.json === true) io.out(`${JSON.stringify({ device, protocol: protocol ?? chosen.protocols[0], targets: sim.targets })}\n`);
      else {
        io.out(`Simulated ${device} (${protocol ?? chosen.protocols[0] ?? ''}) listening on:\n`);
        for (const t of sim.targets) io.out(`  ${t}\n`);
        for (const line of sim.describe()) io.out(`  ${line}\n`);
        io.out('Press Ctrl-C to stop.\n');
      }
      await waitForSignal();
      await sim.stop();
    });
}
