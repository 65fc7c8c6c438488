import type { ErrorTable } from '../spec.js';

/** The room runtime, the uplink, the fleet and their HTTP APIs. */
export const serviceErrors = {
  SC_ERR_HTTP_BAD_REQUEST: {
    message: 'Bad request: {detail}',
    status: 400,
  },
  SC_ERR_HTTP_UNAUTHORIZED: {
    message: 'Login required',
    status: 401,
  },
  SC_ERR_HTTP_FORBIDDEN: {
    message: 'Your role may not {action}',
    status: 403,
  },
  SC_ERR_HTTP_NOT_FOUND: {
    message: '{what} not found',
    status: 404,
  },
  SC_ERR_RATE_LIMITED: {
    message: 'Too many attempts; try again in {seconds} s',
    status: 429,
  },
  SC_ERR_SCENE_UNKNOWN: {
    message: 'No scene named `{scene}` in this room',
    status: 404,
  },
  SC_ERR_SCENE_STEP_FAILED: {
    message: 'Scene {scene}: step {step} failed: {reason}',
    status: 502,
  },
  SC_ERR_CMD_INVALID: {
    message: 'Command rejected: {detail}',
    status: 400,
  },
  SC_ERR_CMD_EXPIRED: {
    message: 'Command {id} expired at {expires}',
    status: 410,
  },
  SC_ERR_CMD_DUPLICATE: {
    message: 'Command {id} was already executed',
    status: 409,
  },
  SC_ERR_CMD_NOT_ALLOWED: {
    message: 'Action `{action}` may not be sent remotely to this room',
    hint: 'Add it to remote.allow in the room config if it should be.',
    status: 403,
  },
  SC_ERR_MQTT_CONNECT: {
    message: 'Cannot connect to the MQTT broker {url}: {reason}',
    hint: 'Check the broker address, the room credentials and the TLS CA.',
  },
  SC_ERR_OUTBOX_IO: {
    message: 'Outbox {path}: {reason}',
    hint: 'Check free disk space in the data directory.',
  },
  SC_ERR_STORE: {
    message: 'Store {path}: {reason}',
  },
} as const satisfies ErrorTable;
