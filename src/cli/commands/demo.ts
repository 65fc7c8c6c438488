import type { Command } from 'commander';
import type { CliIo } from '../io.js';
import { notYet } from '../not-yet.js';

export function registerDemo(program: Command, _io: CliIo): void {
  notYet(program.command('demo').description('run the whole system on this machine with simulated classrooms').option('--config <file>', 'config file'), 11);
}
