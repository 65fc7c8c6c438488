import type { ErrorTable } from '../spec.js';

/** Codes specific to display drivers (generic link and device codes are in link.ts). */
export const displayErrors = {
  SC_ERR_DISPLAY_PROFILE_NOT_FOUND: {
    message: 'No device profile `{profile}`: {reason}',
    kind: 'input',
    hint: 'Profiles are the .yaml files in devices/ ({known}); give a name or a path to a .yaml file.',
    exit: 2,
    status: 400,
  },
  SC_ERR_DISPLAY_INPUT_UNKNOWN: {
    message: '{device} has no input `{input}`',
    kind: 'input',
    hint: 'Known inputs: {known}. Add the code to the model profile in devices/ if the panel has more.',
    exit: 2,
    status: 400,
  },
  SC_ERR_DISPLAY_WARMING_UP: {
    message: '{device} refused {command} while warming up after power on ({detail})',
    kind: 'refusal',
    hint: 'The panel ignores input changes for a while after power on; raise warmupMs in its profile if this repeats.',
    status: 409,
  },
  SC_ERR_DISPLAY_NOT_SUPPORTED: {
    message: '{device} ({protocol}) cannot {action}: {reason}',
    kind: 'input',
    status: 400,
  },
} as const satisfies ErrorTable;
