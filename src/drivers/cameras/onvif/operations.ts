import { ScError } from '../../../core/errors/index.js';
import type { Preset, PtzVector } from '../../capabilities.js';
import type { OnvifClient } from './client.js';
import { attr, child, children, escapeXml, parseXml, soapBody, text, type XmlValue } from '../../../transports/xml.js';

/** Our types for what the camera tells; parsed from the raw reply with our safe parser. */
export interface OnvifDeviceInfo {
  manufacturer: string;
  model: string;
  firmware: string;
  serial: string;
  hardwareId: string;
}

export interface OnvifProfile {
  token: string;
  name: string;
  encoding?: string;
  width?: number;
  height?: number;
  ptz: boolean;
}

export interface OnvifPtzStatus {
  position: PtzVector;
  moving: boolean;
  /** MoveStatus as the camera reported it, e.g. IDLE/MOVING or UNKNOWN (no MoveStatus in the reply). */
  moveStatus: string;
  /** The PTZStatus `Error` text when it names a fault (Hikvision reports "NO error" when there is none). */
  error?: string;
}

export interface OnvifPreset extends Preset {
  position?: PtzVector;
}

function bodyOf(client: OnvifClient, command: string, xml: string): XmlValue {
  try {
    const body = soapBody(parseXml(xml));
    if (body === undefined) throw new Error('not a SOAP envelope');
    return body;
  } catch (err) {
    throw new ScError('SC_ERR_DEVICE_REPLY_INVALID', { device: client.device, command, detail: err instanceof Error ? err.message : String(err) });
  }
}

function need(client: OnvifClient, command: string, value: string | undefined, what: string): string {
  if (value === undefined || value === '') throw new ScError('SC_ERR_DEVICE_REPLY_INVALID', { device: client.device, command, detail: `no ${what} in the reply` });
  return value;
}

function num(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

export async function deviceInformation(client: OnvifClient): Promise<OnvifDeviceInfo> {
  const [, xml] = await client.call('GetDeviceInformation', 'getDeviceInformation');
  const r = child(bodyOf(client, 'GetDeviceInformation', xml), 'GetDeviceInformationResponse');
  const field = (name: string): string => text(child(r, name)) ?? '';
  return { manufacturer: field('Manufacturer'), model: field('Model'), firmware: field('FirmwareVersion'), serial: field('SerialNumber'), hardwareId: field('HardwareId') };
}

export async function profiles(client: OnvifClient): Promise<OnvifProfile[]> {
  const [, xml] = await client.call('GetProfiles', 'getProfiles');
  const r = child(bodyOf(client, 'GetProfiles', xml), 'GetProfilesResponse');
  return children(r, 'Profiles').map((p) => {
    // Media (ver10) nests VideoEncoderConfiguration / PTZConfiguration in the profile; Media2
    // (ver20, Profile T) has them under Configurations as VideoEncoder / PTZ.
    const media2 = child(p, 'Configurations');
    const encoder = child(p, 'VideoEncoderConfiguration') ?? child(media2, 'VideoEncoder');
    const width = num(text(child(encoder, 'Resolution', 'Width')));
    const height = num(text(child(encoder, 'Resolution', 'Height')));
    const encoding = text(child(encoder, 'Encoding'));
    return {
      token: need(client, 'GetProfiles', attr(p, 'token'), 'profile token'),
      name: text(child(p, 'Name')) ?? '',
      ...(encoding === undefined ? {} : { encoding }),
      ...(width === undefined ? {} : { width }),
      ...(height === undefined ? {} : { height }),
      ptz: child(p, 'PTZConfiguration') !== undefined || child(media2, 'PTZ') !== undefined,
    };
  });
}

export async function streamUri(client: OnvifClient, profileToken: string): Promise<string> {
  const [, xml] = await client.call('GetStreamUri', 'getStreamUri', [{ protocol: 'RTSP', stream: 'RTP-Unicast', profileToken }]);
  const r = child(bodyOf(client, 'GetStreamUri', xml), 'GetStreamUriResponse');
  return need(client, 'GetStreamUri', text(child(r, 'MediaUri', 'Uri')) ?? text(child(r, 'Uri')), 'stream URI');
}

export async function snapshotUri(client: OnvifClient, profileToken: string): Promise<string> {
  const [, xml] = await client.call('GetSnapshotUri', 'getSnapshotUri', [{ profileToken }]);
  const r = child(bodyOf(client, 'GetSnapshotUri', xml), 'GetSnapshotUriResponse');
  return need(client, 'GetSnapshotUri', text(child(r, 'MediaUri', 'Uri')) ?? text(child(r, 'Uri')), 'snapshot URI');
}

function vector(node: XmlValue | undefined): PtzVector | undefined {
  const pan = num(attr(child(node, 'PanTilt'), 'x'));
  const tilt = num(attr(child(node, 'PanTilt'), 'y'));
  const zoom = num(attr(child(node, 'Zoom'), 'x'));
  if (pan === undefined && tilt === undefined && zoom === undefined) return undefined;
  return { pan: pan ?? 0, tilt: tilt ?? 0, zoom: zoom ?? 0 };
}

export async function ptzStatus(client: OnvifClient, profileToken: string): Promise<OnvifPtzStatus> {
  const [, xml] = await client.call('GetStatus', 'getStatus', [{ profileToken }]);
  const status = child(bodyOf(client, 'GetStatus', xml), 'GetStatusResponse', 'PTZStatus');
  const move = child(status, 'MoveStatus');
  // MoveStatus is either one word or PanTilt and Zoom parts, depending on the camera.
  const parts = typeof move === 'string' ? [move] : [text(child(move, 'PanTilt')), text(child(move, 'Zoom'))].filter((m): m is string => m !== undefined);
  const moveStatus = parts.length === 0 ? 'UNKNOWN' : parts.join('/');
  const error = text(child(status, 'Error'))?.trim();
  return {
    position: vector(child(status, 'Position')) ?? { pan: 0, tilt: 0, zoom: 0 },
    moving: parts.some((p) => p.toUpperCase() === 'MOVING'),
    moveStatus,
    ...(error === undefined || error === '' || /^(no ?error|none|ok)$/i.test(error) ? {} : { error }),
  };
}

export async function presets(client: OnvifClient, profileToken: string): Promise<OnvifPreset[]> {
  const [, xml] = await client.call('GetPresets', 'getPresets', [{ profileToken }]);
  const r = child(bodyOf(client, 'GetPresets', xml), 'GetPresetsResponse');
  return children(r, 'Preset').map((p) => {
    const token = need(client, 'GetPresets', attr(p, 'token'), 'preset token');
    const position = vector(child(p, 'PTZPosition'));
    return { token, name: text(child(p, 'Name')) ?? token, ...(position === undefined ? {} : { position }) };
  });
}

export async function gotoPreset(client: OnvifClient, profileToken: string, token: string): Promise<void> {
  await client.call('GotoPreset', 'gotoPreset', [{ profileToken, preset: escapeXml(token) }]);
}

export async function setPreset(client: OnvifClient, profileToken: string, name: string, token?: string): Promise<string> {
  // The library puts names into the XML as they are: escape them here.
  const options = { profileToken, presetName: escapeXml(name), ...(token === undefined ? {} : { presetToken: escapeXml(token) }) };
  const [, xml] = await client.call('SetPreset', 'setPreset', [options]);
  const r = child(bodyOf(client, 'SetPreset', xml), 'SetPresetResponse');
  return need(client, 'SetPreset', text(child(r, 'PresetToken')), 'preset token');
}

export async function removePreset(client: OnvifClient, profileToken: string, token: string): Promise<void> {
  await client.call('RemovePreset', 'removePreset', [{ profileToken, presetToken: escapeXml(token) }]);
}

const move = (v: PtzVector): { x: number; y: number; zoom: number } => ({ x: v.pan, y: v.tilt, zoom: v.zoom });

export async function continuousMove(client: OnvifClient, profileToken: string, speed: PtzVector): Promise<void> {
  await client.call('ContinuousMove', 'continuousMove', [{ profileToken, ...move(speed) }]);
}

export async function relativeMove(client: OnvifClient, profileToken: string, delta: PtzVector): Promise<void> {
  await client.call('RelativeMove', 'relativeMove', [{ profileToken, ...move(delta) }]);
}

export async function absoluteMove(client: OnvifClient, profileToken: string, position: PtzVector): Promise<void> {
  await client.call('AbsoluteMove', 'absoluteMove', [{ profileToken, ...move(position) }]);
}

export async function stopMove(client: OnvifClient, profileToken: string): Promise<void> {
  await client.call('Stop', 'stop', [{ profileToken, panTilt: true, zoom: true }]);
}

export async function gotoHome(client: OnvifClient, profileToken: string): Promise<void> {
  await client.call('GotoHomePosition', 'gotoHomePosition', [{ profileToken }]);
}
