import type { ErrorTable } from '../spec.js';

export const generalErrors = {
  SC_ERR_INTERNAL: {
    message: 'Internal error: {detail}',
    kind: 'internal',
    hint: 'This is a bug. Run again with --debug and send the output to the developers.',
    status: 500,
  },
  SC_ERR_USAGE: {
    message: '{detail}',
    kind: 'input',
    hint: 'Run the command with --help to see how it is used.',
    exit: 2,
    status: 400,
  },
  SC_ERR_NOT_IMPLEMENTED: {
    message: '`{feature}` is not available in this version yet',
    kind: 'input',
    hint: 'See the project issues for when it lands.',
    exit: 1,
    status: 501,
  },
  SC_ERR_MISSING_BINARY: {
    message: 'The program `{binary}` was not found on this machine',
    kind: 'local',
    hint: 'Install it with: apt-get install -y {package}',
  },
  SC_ERR_BENCH_UNKNOWN: {
    message: 'There is no benchmark named `{name}`',
    kind: 'input',
    hint: 'Available benchmarks: {available}.',
    exit: 2,
  },
  SC_ERR_TIMEOUT: {
    message: 'Timed out after {ms} ms waiting for {awaited}',
    kind: 'link',
    status: 504,
  },
  SC_ERR_ABORTED: {
    message: '{what} was cancelled',
    kind: 'local',
  },
} as const satisfies ErrorTable;
