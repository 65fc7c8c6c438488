#!/usr/bin/env node
import { processIo } from './io.js';
import { runCli } from './program.js';

// `classroom ... | head` closes stdout early: that is the reader's choice, not a failure.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
}

const code = await runCli(process.argv.slice(2), processIo());
// Long-running commands (agent, fleet, demo) keep the event loop alive themselves; the rest end here.
if (code !== 0) process.exit(code);
