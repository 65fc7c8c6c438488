import { ConfigError } from '../core/config/index.js';
import { ScError, toScError } from '../core/errors/index.js';
import type { CliIo } from './io.js';

/**
 * Prints a failure the way a technician can act on it: the code, the sentence, and the hint.
 * The stack trace only with --debug. Returns the exit code.
 */
export function reportError(err: unknown, io: CliIo, debug: boolean): 1 | 2 {
  const error: ScError = toScError(err);
  if (error instanceof ConfigError) {
    for (const p of error.problems) io.err(`${p.file}:${p.line}:${p.col} ${p.field}: ${p.message}\n`);
    io.err(`${error.code}: ${error.problems.length} problem(s) in ${String(error.params.file)}\n`);
  } else {
    io.err(`${error.code}: ${error.message}\n`);
  }
  if (error.hint !== undefined) io.err(`  ${error.hint}\n`);
  if (debug) {
    io.err(`${error.stack ?? ''}\n`);
    if (error.cause instanceof Error && error.cause.stack !== undefined) io.err(`caused by: ${error.cause.stack}\n`);
  } else if (error.code === 'SC_ERR_INTERNAL') {
    io.err('  Run again with --debug to see where it happened.\n');
  }
  return error.exitCode;
}
