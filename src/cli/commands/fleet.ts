import type { Command } from 'commander';
import type { CliIo } from '../io.js';
import { notYet } from '../not-yet.js';

export function registerFleet(program: Command, _io: CliIo): void {
  notYet(program.command('fleet').description('run the fleet service: broker, ingest, store, alerts, dashboard').option('--config <file>', 'config file'), 9);
}
