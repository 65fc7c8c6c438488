import type { Command } from 'commander';
import { ScError } from '../core/errors/index.js';

/**
 * Marks a subcommand that a later issue builds: its help says so, and running it fails with
 * SC_ERR_NOT_IMPLEMENTED rather than pretending to work.
 */
export function notYet(cmd: Command, issue: number): Command {
  return cmd
    .addHelpText('after', `\nNot available yet: built by issue #${issue}.`)
    .action(() => {
      throw new ScError('SC_ERR_NOT_IMPLEMENTED', { feature: `classroom ${cmd.name()}` });
    });
}
