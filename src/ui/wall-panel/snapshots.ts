import { useEffect, useRef, useState } from 'preact/hooks';
import type { DeviceInfo } from '@ui/room.ts';

/**
 * Pictures for a camera's position buttons: each time the camera reaches a position, its
 * still image (GET /api/devices/:id/snapshot) is fetched and kept for that position's
 * button. Cameras without the `stream` capability, or that give no picture, simply get none.
 */
export function usePresetSnapshots(camera: DeviceInfo): Readonly<Record<string, string>> {
  const [shots, setShots] = useState<Readonly<Record<string, string>>>({});
  const urls = useRef<Record<string, string>>({});
  const preset = camera.state.preset;
  const usable = camera.capabilities.includes('stream') && camera.state.status !== 'offline';

  useEffect(() => {
    if (!usable || preset === undefined) return;
    let alive = true;
    fetch(`/api/devices/${encodeURIComponent(camera.id)}/snapshot`, { credentials: 'same-origin' })
      .then(async (res) => {
        const type = res.headers.get('content-type') ?? '';
        if (!res.ok || !type.startsWith('image/')) return;
        const blob = await res.blob();
        if (!alive) return;
        const url = URL.createObjectURL(blob);
        const old = urls.current[preset];
        if (old !== undefined) URL.revokeObjectURL(old);
        urls.current = { ...urls.current, [preset]: url };
        setShots(urls.current);
      })
      .catch(() => undefined);
    return () => {
      alive = false;
    };
  }, [camera.id, preset, usable]);

  useEffect(
    () => () => {
      for (const url of Object.values(urls.current)) URL.revokeObjectURL(url);
    },
    [],
  );
  return shots;
}
