import type { ErrorTable } from '../spec.js';

/** Codes specific to recorder drivers (generic link and device codes are in link.ts). */
export const recorderErrors = {
  SC_ERR_SIS_ERROR: {
    message: '{device} refused {command}: {code} ({meaning})',
    kind: 'refusal',
    hint: 'The recorder is answering but rejected this command; E24 means the login has too few rights, E14/E17 usually mean the recorder is in a state that does not allow it.',
    status: 409,
  },
  SC_ERR_RECORDER_HTTP: {
    message: '{device}: {method} {path} answered HTTP {status} {detail}',
    kind: 'reply',
    hint: 'Check the API user (admin or operator) and that the recorder firmware serves this API.',
    status: 502,
  },
  SC_ERR_RECORDER_REFUSED: {
    message: '{device} refused {command}: {detail}',
    kind: 'refusal',
    hint: 'The recorder is answering but rejected this command; check that the recorder id exists and that it is not busy.',
    status: 409,
  },
  SC_ERR_RECORDER_UNKNOWN: {
    message: '{device} has no recorder `{recorder}` (it has: {known})',
    kind: 'input',
    hint: 'Set the recorder id in the device options (`recorder: 1`), one of the ids listed.',
    exit: 2,
    status: 400,
  },
  SC_ERR_RECORDER_METADATA_LOCKED: {
    message: '{device}: the {field} cannot be changed while a recording is running',
    kind: 'refusal',
    hint: 'Set the title and presenter before starting the recording (the start-class scene does this first).',
    status: 409,
  },
  SC_ERR_SIS_PARSE: {
    message: '{device}: the reply to {command} is in a form this driver does not know: "{line}"',
    kind: 'reply',
    hint: 'The recorder answered, but not in a documented form (docs/recorders.md lists the forms read). Note the firmware version and the line shown, and report them.',
    status: 502,
  },
  SC_ERR_RECORDER_START_FAILED: {
    message: '{device}: the recording did not start: the recorder reports {state} ({detail})',
    kind: 'refusal',
    hint: 'The recorder accepted the start but did not reach "started": check its storage, inputs and the recorder page on the unit itself.',
    status: 502,
  },
} as const satisfies ErrorTable;
