import { ScError, isScError, messageOf } from '../../../core/errors/index.js';
import { HttpClient, type HttpCredentials } from '../../../transports/http/index.js';

/**
 * The camera's still image (ONVIF GetSnapshotUri, then an HTTP GET), for the wall panel's
 * position buttons. The URI comes from the camera and is only followed when it names the
 * camera's own host from the config: a camera must not make the agent fetch anything else on
 * the network. Credentials are the device's, by HTTP digest (or Basic when that is all the
 * camera asks for); the image is small and quick or refused.
 */
export const SNAPSHOT_MAX_BYTES = 1024 * 1024;
export const SNAPSHOT_TIMEOUT_MS = 4000;

/** The snapshot URI when it points at the camera's own host, else a coded refusal. */
export function allowedSnapshotUrl(device: string, uri: string, cameraHost: string): URL {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    throw new ScError('SC_ERR_CAMERA_SNAPSHOT_FAILED', { device, host: cameraHost, reason: `the camera gave an unusable snapshot URI "${uri}"` });
  }
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || host !== cameraHost.toLowerCase()) {
    throw new ScError('SC_ERR_CAMERA_SNAPSHOT_FAILED', { device, host: cameraHost, reason: `the camera's snapshot URI points at ${url.protocol}//${url.host}, not at the camera; refused` });
  }
  return url;
}

export interface SnapshotSettings {
  device: string;
  /** The camera's host as the config names it (the only host a snapshot may come from). */
  cameraHost: string;
  credentials?: HttpCredentials;
  timeoutMs?: number;
  maxBytes?: number;
}

export class SnapshotFetcher {
  private readonly http: HttpClient;

  constructor(private readonly s: SnapshotSettings) {
    this.http = new HttpClient({
      device: s.device,
      timeoutMs: s.timeoutMs ?? SNAPSHOT_TIMEOUT_MS,
      maxBytes: s.maxBytes ?? SNAPSHOT_MAX_BYTES,
      ...(s.credentials === undefined ? {} : { credentials: s.credentials }),
    });
  }

  close(): void {
    this.http.close();
  }

  /** A JPEG from the URI the camera gave; SC_ERR_CAMERA_NO_SNAPSHOT or _SNAPSHOT_FAILED otherwise. */
  async fetch(uri: () => Promise<string>): Promise<Buffer> {
    const { device, cameraHost } = this.s;
    const failed = (reason: string, cause?: unknown): ScError => new ScError('SC_ERR_CAMERA_SNAPSHOT_FAILED', { device, host: cameraHost, reason }, { cause });
    let text: string;
    try {
      text = await uri();
    } catch (err) {
      if (isScError(err, 'SC_ERR_ONVIF_FAULT') || isScError(err, 'SC_ERR_ONVIF_NO_PROFILE')) throw new ScError('SC_ERR_CAMERA_NO_SNAPSHOT', { device, reason: messageOf(err) }, { cause: err });
      throw failed(`no snapshot URI: ${messageOf(err)}`, err);
    }
    const url = allowedSnapshotUrl(device, text, cameraHost);
    let res;
    try {
      res = await this.http.request({ url, command: 'the snapshot', headers: { Accept: 'image/jpeg' } });
    } catch (err) {
      throw failed(messageOf(err), err);
    }
    if (res.status === 403) throw failed(`the camera refused the credentials (HTTP ${res.status})`);
    if (res.status !== 200) throw failed(`HTTP ${res.status}`);
    const jpeg = res.body;
    if (jpeg.length < 4 || jpeg[0] !== 0xff || jpeg[1] !== 0xd8) throw failed(`not a JPEG (${res.headers['content-type'] ?? 'no content type'})`);
    return jpeg;
  }
}
