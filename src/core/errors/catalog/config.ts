import type { ErrorTable } from '../spec.js';

export const configErrors = {
  SC_ERR_CONFIG_INVALID: {
    message: '{file} has {count} problem(s):\n{problems}',
    kind: 'input',
    hint: 'Fix each line listed above, then run `classroom config check {file}` again.',
    exit: 2,
    status: 400,
  },
  SC_ERR_CONFIG_NOT_FOUND: {
    message: 'Config file {file} cannot be read: {reason}',
    kind: 'input',
    hint: 'Check the path and that the service user may read it.',
    exit: 2,
  },
  SC_ERR_CONFIG_FROM_FUTURE: {
    message: '{file} has schemaVersion {found}, but this version of classroom understands up to {supported}',
    kind: 'input',
    hint: 'Upgrade classroom on this machine, or use a config written for this version.',
    exit: 2,
  },
} as const satisfies ErrorTable;
