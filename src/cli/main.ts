#!/usr/bin/env node
import { processIo } from './io.js';
import { runCli } from './program.js';

const code = await runCli(process.argv.slice(2), processIo());
// Long-running commands (agent, fleet, demo) keep the event loop alive themselves; the rest end here.
if (code !== 0) process.exit(code);
