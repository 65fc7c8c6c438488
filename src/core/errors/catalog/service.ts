import type { ErrorTable } from '../spec.js';

/** The room runtime, the uplink, the fleet and their HTTP APIs. */
export const serviceErrors = {
  SC_ERR_HTTP_BAD_REQUEST: {
    message: 'Bad request: {detail}',
    kind: 'input',
    status: 400,
  },
  SC_ERR_HTTP_UNAUTHORIZED: {
    message: 'Login required',
    kind: 'credentials',
    status: 401,
  },
  SC_ERR_HTTP_FORBIDDEN: {
    message: 'Your role may not {action}',
    kind: 'refusal',
    status: 403,
  },
  SC_ERR_HTTP_NOT_FOUND: {
    message: '{what} not found',
    kind: 'input',
    status: 404,
  },
  SC_ERR_PASSWORD_WEAK: {
    message: 'Password refused ({rule}): {detail}',
    kind: 'input',
    hint: 'Choose a passphrase of a few unrelated words; it needs at least {min} characters and must not be one of the commonest passwords.',
    status: 400,
    exit: 2,
  },
  SC_ERR_RATE_LIMITED: {
    message: 'Too many attempts; try again in {seconds} s',
    kind: 'refusal',
    status: 429,
  },
  SC_ERR_SCENE_UNKNOWN: {
    message: 'No scene named `{scene}` in this room',
    kind: 'input',
    status: 404,
  },
  SC_ERR_SCENE_STEP_FAILED: {
    message: 'Scene {scene}: step {step} failed: {reason}',
    kind: 'refusal',
    status: 502,
  },
  SC_ERR_CMD_INVALID: {
    message: 'Command rejected: {detail}',
    kind: 'input',
    status: 400,
  },
  SC_ERR_CMD_EXPIRED: {
    message: 'Command {id} expired at {expires}',
    kind: 'refusal',
    status: 410,
  },
  SC_ERR_CMD_DUPLICATE: {
    message: 'Command {id} was already executed',
    kind: 'refusal',
    status: 409,
  },
  SC_ERR_CMD_NOT_ALLOWED: {
    message: 'Action `{action}` may not be sent remotely to this room',
    kind: 'refusal',
    hint: 'Add it to remote.allow in the room config if it should be.',
    status: 403,
  },
  SC_ERR_MQTT_CONNECT: {
    message: 'Cannot connect to the MQTT broker {url}: {reason}',
    kind: 'link',
    hint: 'Check the broker address, the room credentials and the TLS CA.',
  },
  SC_ERR_OUTBOX_IO: {
    message: 'Outbox {path}: {reason}',
    kind: 'local',
    hint: 'Check free disk space in the data directory.',
  },
  SC_ERR_STORE: {
    message: 'Store {path}: {reason}',
    kind: 'local',
  },
  // --- uplink (issue 8): the agent's MQTT link, outbox and remote commands ---
  SC_ERR_CMD_UNKNOWN_ACTION: {
    message: 'Unknown action `{action}`',
    kind: 'input',
    status: 400,
  },
  SC_ERR_CMD_TOO_LARGE: {
    message: 'Command of {bytes} bytes is larger than the {max}-byte limit',
    kind: 'input',
    status: 413,
  },
  SC_ERR_CMD_BUSY: {
    message: 'Too many commands waiting ({queued}); try again later',
    kind: 'refusal',
    status: 503,
  },
  SC_ERR_CMD_TIMEOUT: {
    message: 'Command {id} ({action}) did not finish within {ms} ms',
    kind: 'link',
    status: 504,
  },
  SC_ERR_CMD_FAILED: {
    message: 'Command {id} ({action}) failed: {reason}',
    kind: 'refusal',
    status: 500,
  },
  SC_ERR_MQTT_URL: {
    message: 'The uplink URL {url} is not supported: {reason}',
    kind: 'input',
    hint: 'Use mqtt://host:1883 or mqtts://host:8883.',
    exit: 2,
  },
  SC_ERR_MQTT_TLS_FILE: {
    message: 'Cannot read the uplink {what} {path}: {reason}',
    kind: 'local',
    hint: 'Check uplink.ca_file, cert_file and key_file in the room config, and that the agent may read them.',
    exit: 2,
  },
  SC_ERR_MQTT_NOT_CONNECTED: {
    message: 'Not connected to the fleet broker',
    kind: 'link',
    status: 503,
  },
  SC_ERR_OUTBOX_CORRUPT: {
    message: 'Outbox {path}: skipped a damaged record at byte {offset} ({reason})',
    kind: 'local',
    hint: 'Expected after a power cut (the last record was half written); anything else points at a failing disk.',
  },
  SC_ERR_OUTBOX_FULL: {
    message: 'Outbox full ({bytes} of {max} bytes): dropped {count} {kind} record(s)',
    kind: 'local',
    hint: 'The link has been down a long time; raise uplink.outboxMaxBytes if the disk allows.',
  },
  SC_ERR_UPLINK_STATE_IO: {
    message: 'Uplink state file {path}: {reason}',
    kind: 'local',
    hint: 'Check free disk space and permissions in the data directory.',
  },
  // --- end uplink ---
} as const satisfies ErrorTable;
