import type { ErrorTable } from '../spec.js';

/** The classroom agent: devices, scenes, the session, the timetable and its local HTTP API. */
export const agentErrors = {
  SC_ERR_AGENT_DEVICE_UNKNOWN: {
    message: 'No device `{device}` in this room',
    kind: 'input',
    hint: 'Known devices: {known}.',
    status: 404,
  },
  SC_ERR_AGENT_DEVICE_NOT_STARTED: {
    message: '{device} has not started: {reason}',
    kind: 'link',
    hint: 'Check the device and its line in the room config; the rest of the room keeps working.',
    status: 503,
  },
  SC_ERR_AGENT_ACTION_UNKNOWN: {
    message: 'Unknown action `{action}`',
    kind: 'input',
    hint: 'Known actions: {known}.',
    exit: 2,
    status: 400,
  },
  SC_ERR_AGENT_ACTION_ARGS: {
    message: 'Action `{action}`: {detail}',
    kind: 'input',
    exit: 2,
    status: 400,
  },
  SC_ERR_AGENT_WAIT_FAILED: {
    message: '{device}: will not reach `{until}`: {reason}',
    kind: 'refusal',
    status: 409,
  },
  SC_ERR_SCENE_STEP_TIMEOUT: {
    message: 'Step `{step}` did not finish within {ms} ms',
    kind: 'link',
    hint: 'Raise the step timeoutMs in the room config if the device is slow, or check the device.',
    status: 504,
  },
  SC_ERR_SCENE_INTERRUPTED: {
    message: 'Scene {scene} was interrupted: {reason}',
    kind: 'local',
    status: 503,
  },
  SC_ERR_SCENE_STEP_SKIPPED: {
    message: 'Step `{step}` was skipped: `{cause}` failed before it',
    kind: 'refusal',
    hint: 'A step is skipped when an earlier step on the same device, or one it names in `after:`, failed with onFail: abort.',
    status: 409,
  },
  SC_ERR_SESSION_DEVICE_FAILED: {
    message: '{device} stopped working during the class: {reason}',
    kind: 'link',
    hint: 'Check power and cabling of the device; the class goes on and the session returns to live when it answers again.',
    status: 503,
  },
  SC_ERR_SESSION_NOT_RECORDING: {
    message: '{device} stopped recording by itself during the class ({activity})',
    kind: 'refusal',
    hint: 'Check the recorder (disk space, input signal); the wall panel offers Start recording to the teacher.',
    status: 409,
  },
  SC_ERR_SESSION_BUSY: {
    message: 'The session is {state}; {detail}',
    kind: 'refusal',
    status: 409,
  },
  SC_ERR_AGENT_STOPPING: {
    message: 'The agent is stopping',
    kind: 'local',
    status: 503,
  },
  SC_ERR_TIMETABLE_FETCH: {
    message: 'Timetable {source}: {reason}',
    kind: 'link',
    hint: 'The cached timetable stays in use; check the feed URL or file.',
  },
  SC_ERR_TIMETABLE_PARSE: {
    message: 'Timetable {source} is not a valid iCal file: {reason}',
    kind: 'reply',
    hint: 'Export the timetable again as iCalendar (.ics).',
  },
  SC_ERR_AGENT_LISTEN: {
    message: 'The agent cannot listen on {host}:{port}: {reason}',
    kind: 'local',
    hint: 'Another program may hold the port; set http.port in the room config or stop that program.',
  },
  SC_ERR_LOGIN_FAILED: {
    message: 'Wrong technician password',
    kind: 'credentials',
    status: 401,
  },
  SC_ERR_LOGIN_DISABLED: {
    message: 'Technician login is off: the room config has no http.technicianPasswordHash',
    kind: 'refusal',
    hint: 'Run `classroom passwd` and put the hash it prints in the room config.',
    status: 403,
  },
  SC_ERR_PASSWORD_HASH_INVALID: {
    message: 'The technician password hash is not a valid scrypt hash: {detail}',
    kind: 'input',
    hint: 'Make a new one with `classroom passwd`.',
    exit: 2,
  },
} as const satisfies ErrorTable;
