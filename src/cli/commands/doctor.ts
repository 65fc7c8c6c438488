import type { Command } from 'commander';
import type { CliIo } from '../io.js';
import { notYet } from '../not-yet.js';

export function registerDoctor(program: Command, _io: CliIo): void {
  notYet(program.command('doctor').description('check what is wrong on this mini-PC and how to fix it').option('--config <file>', 'config file'), 12);
}
