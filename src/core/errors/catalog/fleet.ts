import type { ErrorTable } from '../spec.js';

/** The fleet service: broker, provisioning, store, users, alerts and remote commands. */
export const fleetErrors = {
  SC_ERR_FLEET_CONFIG: {
    message: 'Fleet config: {detail}',
    hint: 'Fix the fleet config file and check it with `classroom config check`.',
    exit: 2,
  },
  SC_ERR_FLEET_LISTEN: {
    message: 'The fleet cannot listen for {what} on {host}:{port}: {reason}',
    hint: 'Another program may hold the port; choose another one in the config or stop that program.',
  },
  SC_ERR_FLEET_TLS_FILES: {
    message: 'Cannot read the TLS certificate or key for MQTT over TLS: {reason}',
    hint: 'Set broker.cert_file and broker.key_file to readable PEM files.',
    exit: 2,
  },
  SC_ERR_FLEET_MESSAGE_INVALID: {
    message: 'Message on {topic} rejected: {detail}',
    status: 400,
  },
  SC_ERR_FLEET_NAME_INVALID: {
    message: '{what} `{value}` is not a valid id',
    hint: 'Ids are lower-case letters, digits and dashes, starting with a letter or digit (at most 63 characters).',
    status: 400,
    exit: 2,
  },
  SC_ERR_FLEET_EXISTS: {
    message: '{what} `{id}` already exists',
    status: 409,
    exit: 2,
  },
  SC_ERR_FLEET_UNKNOWN: {
    message: 'There is no {what} `{id}`',
    status: 404,
    exit: 2,
  },
  SC_ERR_FLEET_LOGIN_FAILED: {
    message: 'Wrong user name or password',
    status: 401,
  },
  SC_ERR_FLEET_CSRF: {
    message: 'Missing or wrong CSRF token',
    hint: 'Send the token from GET /api/session in the x-csrf-token header.',
    status: 403,
  },
  SC_ERR_FLEET_SITE_SCOPE: {
    message: 'Your account is not assigned to site {site}',
    status: 403,
  },
  SC_ERR_FLEET_PASSWORD_WEAK: {
    message: 'Password too short: at least {min} characters are needed',
    status: 400,
    exit: 2,
  },
  SC_ERR_FLEET_LAST_ADMIN: {
    message: 'The last admin cannot be removed or demoted',
    status: 409,
    exit: 2,
  },
  SC_ERR_FLEET_CMD_NO_REPLY: {
    message: 'Room {room} has not replied to command {id} yet (it expires at {expires})',
    hint: 'The room may be offline; the reply is recorded in the audit log when it comes.',
    status: 202,
  },
  SC_ERR_FLEET_CMD_FAILED: {
    message: 'Room {room} refused command {id}: {code} {reason}',
    status: 502,
  },
  SC_ERR_FLEET_WEBHOOK: {
    message: 'Alert webhook {url} failed: {reason}',
    hint: 'Check alerts.webhook.url and that the receiver is up.',
  },
  SC_ERR_FLEET_EXPORT_FORMAT: {
    message: 'Unknown export format `{format}`',
    hint: 'Supported: mosquitto.',
    exit: 2,
  },
  SC_ERR_FLEET_BROKER_REFUSED: {
    message: 'MQTT client {client} refused: {reason}',
  },
} as const satisfies ErrorTable;
