import type { ErrorTable } from '../spec.js';

/** The fleet service: broker, provisioning, store, users, alerts and remote commands. */
export const fleetErrors = {
  SC_ERR_FLEET_CONFIG: {
    message: 'Fleet config: {detail}',
    kind: 'input',
    hint: 'Fix the fleet config file and check it with `classroom config check`.',
    exit: 2,
  },
  SC_ERR_FLEET_LISTEN: {
    message: 'The fleet cannot listen for {what} on {host}:{port}: {reason}',
    kind: 'local',
    hint: 'Another program may hold the port; choose another one in the config or stop that program.',
  },
  SC_ERR_FLEET_TLS_FILES: {
    message: 'Cannot read the TLS certificate or key for MQTT over TLS: {reason}',
    kind: 'local',
    hint: 'Set broker.cert_file and broker.key_file to readable PEM files.',
    exit: 2,
  },
  SC_ERR_FLEET_MESSAGE_INVALID: {
    message: 'Message on {topic} rejected: {detail}',
    kind: 'input',
    status: 400,
  },
  SC_ERR_FLEET_NAME_INVALID: {
    message: '{what} `{value}` is not a valid id',
    kind: 'input',
    hint: 'Ids are lower-case letters, digits and dashes, starting with a letter or digit (at most 63 characters).',
    status: 400,
    exit: 2,
  },
  SC_ERR_FLEET_EXISTS: {
    message: '{what} `{id}` already exists',
    kind: 'refusal',
    status: 409,
    exit: 2,
  },
  SC_ERR_FLEET_UNKNOWN: {
    message: 'There is no {what} `{id}`',
    kind: 'input',
    status: 404,
    exit: 2,
  },
  SC_ERR_FLEET_LOGIN_FAILED: {
    message: 'Wrong user name or password',
    kind: 'credentials',
    status: 401,
  },
  SC_ERR_FLEET_CSRF: {
    message: 'Missing or wrong CSRF token',
    kind: 'refusal',
    hint: 'Send the token from GET /api/session in the x-csrf-token header.',
    status: 403,
  },
  SC_ERR_FLEET_SITE_SCOPE: {
    message: 'Your account is not assigned to site {site}',
    kind: 'refusal',
    status: 403,
  },
  SC_ERR_FLEET_LAST_ADMIN: {
    message: 'The last admin cannot be removed or demoted',
    kind: 'refusal',
    status: 409,
    exit: 2,
  },
  SC_ERR_FLEET_CMD_NO_REPLY: {
    message: 'Room {room} has not replied to command {id} yet (it expires at {expires})',
    kind: 'link',
    hint: 'The room may be offline; the reply is recorded in the audit log when it comes.',
    status: 202,
  },
  SC_ERR_FLEET_CMD_FAILED: {
    message: 'Room {room} refused command {id}: {code} {reason}',
    kind: 'refusal',
    status: 502,
  },
  SC_ERR_FLEET_WEBHOOK: {
    message: 'Alert webhook {url} failed: {reason}',
    kind: 'link',
    hint: 'Check alerts.webhook.url and that the receiver is up.',
  },
  SC_ERR_FLEET_EXPORT_FORMAT: {
    message: 'Unknown export format `{format}`',
    kind: 'input',
    hint: 'Supported: mosquitto.',
    exit: 2,
  },
  SC_ERR_FLEET_BROKER_REFUSED: {
    message: 'MQTT client {client} refused: {reason}',
    kind: 'refusal',
  },
} as const satisfies ErrorTable;
