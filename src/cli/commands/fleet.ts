import type { Command } from 'commander';
import { createLogger } from '../../core/logger.js';
import { FleetService } from '../../fleet/service.js';
import { registerFleetAdmin } from '../fleet/admin-commands.js';
import { loadFleetConfig } from '../fleet/context.js';
import type { CliIo } from '../io.js';
import { waitForSignal } from '../signals.js';
import { VERSION } from '../version.js';

export function registerFleet(program: Command, io: CliIo): void {
  const fleet = program
    .command('fleet')
    .description('run the fleet service: broker, ingest, store, alerts, HTTP API (subcommands: site, room, user, export-acl)')
    // Also read by the subcommands (`fleet room add X --config F`): commander gives it to this command.
    .option('--config <file>', 'the fleet config')
    .action(async (opts: { config?: string }) => {
      const { config, settings } = loadFleetConfig(io, opts.config);
      const file = config.log?.file;
      const log = createLogger({
        level: config.log?.level ?? 'info',
        name: 'fleet',
        // stdout is for the one-time admin password and the listening line; logs go to stderr
        // (journald) or to a size-rotated file where there is no journald.
        ...(file === undefined ? { toStderr: true } : { file: { path: file, maxBytes: config.log?.maxBytes ?? 10 * 2 ** 20, keep: config.log?.keep ?? 5 } }),
      });
      const service = new FleetService({ settings, log, version: VERSION });
      // Listening before anything is printed: a supervisor may signal as soon as it reads a line.
      const signal = waitForSignal();
      const started = await service.start();
      if (started.firstAdmin !== undefined) {
        io.out(
          `First start: created the admin account.\n  user name: ${started.firstAdmin.username}\n  password:  ${started.firstAdmin.password}\n` +
            'This password is shown once and stored only as a hash: write it down, then change it or add named accounts.\n',
        );
      }
      io.out(`fleet running: HTTP ${started.http.host}:${started.http.port}${Object.entries(started.mqtt).map(([t, p]) => `, ${t} ${String(p)}`).join('')}\n`);
      log.info({ signal: await signal }, 'stopping');
      await service.stop();
    });
  registerFleetAdmin(fleet, io);
}
