import { Command, CommanderError } from 'commander';
import { registerAgent } from './commands/agent.js';
import { registerBench } from './commands/bench.js';
import { registerConfig } from './commands/config.js';
import { registerCtl } from './commands/ctl.js';
import { registerDemo } from './commands/demo.js';
import { registerDiscover } from './commands/discover.js';
import { registerDoctor } from './commands/doctor.js';
import { registerFleet } from './commands/fleet.js';
import { registerSimulate } from './commands/simulate.js';
import type { CliIo } from './io.js';
import { reportError } from './report-error.js';
import { VERSION } from './version.js';

export type Register = (program: Command, io: CliIo) => void;

const COMMANDS: Register[] = [
  registerAgent,
  registerFleet,
  registerDemo,
  registerCtl,
  registerDiscover,
  registerDoctor,
  registerSimulate,
  registerBench,
  registerConfig,
];

export function buildProgram(io: CliIo): Command {
  const program = new Command('classroom')
    .description('Smart Classroom edge agent and fleet service')
    .version(VERSION, '-V, --version')
    .option('--debug', 'show stack traces and debug logs')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .exitOverride();
  for (const register of COMMANDS) register(program, io);
  for (const cmd of program.commands) cmd.exitOverride().configureOutput({ writeOut: io.out, writeErr: io.err });
  return program;
}

/** Runs the command line and resolves to the exit code: 0 ok, 1 runtime failure, 2 usage or config. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const program = buildProgram(io);
  const debug = argv.includes('--debug');
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return io.exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return 0;
      // commander already printed what was wrong with the arguments
      return err.exitCode === 0 ? 0 : 2;
    }
    return reportError(err, io, debug);
  }
}
