import type { Command } from 'commander';
import type { CliIo } from '../io.js';
import { notYet } from '../not-yet.js';

export function registerAgent(program: Command, _io: CliIo): void {
  notYet(program.command('agent').description('run the classroom agent: devices, scenes, wall panel, uplink').option('--config <file>', 'config file'), 6);
}
