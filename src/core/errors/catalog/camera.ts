import type { ErrorTable } from '../spec.js';

/** Codes specific to camera drivers (generic link and device codes are in link.ts). */
export const cameraErrors = {
  SC_ERR_ONVIF_FAULT: {
    message: '{device} refused {command}: SOAP fault {fault} ({reason})',
    kind: 'refusal',
    hint: 'The camera answered but rejected the request; `ter:ActionNotSupported` means this model does not offer the function.',
    status: 409,
  },
  SC_ERR_ONVIF_XML_REFUSED: {
    message: '{device}: reply to {command} refused: {reason}',
    kind: 'reply',
    hint: 'SOAP forbids DTDs and entity declarations; a camera (or something pretending to be one) sent one. Check what answers at this address.',
    status: 502,
  },
  SC_ERR_ONVIF_NO_PROFILE: {
    message: '{device} has no media profile {profile}',
    kind: 'input',
    hint: 'List the profiles with `classroom ctl onvif <target> profiles` and pass one of their tokens.',
    status: 404,
  },
  SC_ERR_CAMERA_PRESET_UNKNOWN: {
    message: '{device} has no preset "{preset}"',
    kind: 'input',
    hint: 'Known presets: {known}.',
    status: 404,
  },
  SC_ERR_CAMERA_NOT_ARRIVED: {
    message: '{device} did not arrive at {target} within {ms} ms (PTZ status still {moveStatus})',
    kind: 'refusal',
    hint: 'The camera accepted the move but kept moving or was stopped; check for obstructions and the camera\'s speed settings.',
    status: 504,
  },
  SC_ERR_CAMERA_PTZ_ERROR: {
    message: '{device}: the camera reports a PTZ error while going to {target}: {error}',
    kind: 'refusal',
    hint: 'The camera itself says the move failed (obstruction, end stop, motor fault); check the camera and its own web page.',
    status: 502,
  },
  SC_ERR_CAMERA_PRESET_OFF_POSITION: {
    message: '{device} stopped at {at}, not at the stored position of preset "{preset}" ({stored})',
    kind: 'refusal',
    hint: 'A warning, not a failure: cameras often report GetPresets and GetStatus in different coordinate spaces or roundings. If the picture is wrong, save the preset again at the right view.',
  },
  SC_ERR_CAMERA_NO_SNAPSHOT: {
    message: '{device} gives no snapshot: {reason}',
    kind: 'refusal',
    hint: 'Not every camera offers still images; the wall panel then shows its position buttons without pictures.',
    status: 404,
  },
  SC_ERR_CAMERA_SNAPSHOT_FAILED: {
    message: '{device}: snapshot from {host} failed: {reason}',
    kind: 'reply',
    hint: 'The agent only fetches snapshots from the camera\'s own address, with its credentials, within a few seconds and a size limit; check the camera\'s snapshot settings.',
    status: 502,
  },
  SC_ERR_VISCA_ERROR: {
    message: '{device} refused {command}: VISCA error {code} ({meaning})',
    kind: 'refusal',
    hint: 'The other VISCA errors: 01 message length, 04 command cancelled, 05 no socket (a cancel for an idle socket). 02, 03 and 41 have their own codes.',
    status: 409,
  },
  SC_ERR_VISCA_SYNTAX: {
    message: '{device} refused {command}: VISCA syntax error (90 6{socket} 02 FF) for {bytes}',
    kind: 'refusal',
    hint: 'The camera does not know this command or a value is out of its range; check the camera address (`--set address=N`) and the model\'s command list.',
    status: 400,
  },
  SC_ERR_VISCA_BUFFER_FULL: {
    message: '{device} refused {command}: VISCA command buffer full (both sockets busy)',
    kind: 'refusal',
    hint: 'The camera is still executing earlier commands; wait for them to complete or send fewer pan/tilt repeats.',
    status: 429,
  },
  SC_ERR_VISCA_NOT_EXECUTABLE: {
    message: '{device} refused {command}: VISCA command not executable ({state})',
    kind: 'refusal',
    hint: 'Usually the camera is in standby: power it on first (`classroom ctl visca <target> power on`).',
    status: 409,
  },
  SC_ERR_VISCA_SEQUENCE: {
    message: '{device}: {command} refused with a VISCA-over-IP sequence error even after a sequence reset',
    kind: 'reply',
    hint: 'Another controller may be talking to the camera with its own sequence numbers, or the camera expects raw VISCA on UDP: try `--set header=false`.',
    status: 502,
  },
  SC_ERR_VISCA_MESSAGE_ERROR: {
    message: '{device}: {command} refused with a VISCA-over-IP message error (control reply 0F 02, sequence {sequence}) for {bytes}',
    kind: 'refusal',
    hint: 'The camera could not take the message at all (length or payload type): check that it expects Sony\'s VISCA-over-IP header (`--set header=false` for raw VISCA on UDP) and the command bytes.',
    status: 502,
  },
  SC_ERR_DISCOVERY_SOCKET: {
    message: 'WS-Discovery could not use the network: {reason}',
    kind: 'local',
    hint: 'Check that this machine has a network interface up and that UDP port 3702 traffic is allowed.',
  },
  SC_ERR_SIMULATOR_FIXTURES: {
    message: 'Camera simulator fixtures not usable: {reason}',
    kind: 'input',
    hint: 'Point the simulator at a fixtures folder with --set fixtures=DIR (it holds mockup/ and vendors/).',
    exit: 2,
  },
} as const satisfies ErrorTable;
