import { useEffect, useState } from 'preact/hooks';
import { get } from '@ui/api.ts';
import type { DeviceInfo } from '@ui/room.ts';
import type { DeviceControls } from '../../contract/room.js';

/** What a device offers the wall panel: its inputs and camera positions (GET /api/devices/:id/controls). */
export type Controls = DeviceControls;

/**
 * The controls of each device, fetched again when a device comes online (a camera that was
 * off at boot has no position list until then).
 */
export function useControls(devices: readonly DeviceInfo[]): Readonly<Record<string, Controls>> {
  const [controls, setControls] = useState<Readonly<Record<string, Controls>>>({});
  const key = devices
    .filter((d) => d.capabilities.includes('input') || d.capabilities.includes('presets'))
    .map((d) => `${d.id}:${d.state.status === 'offline' ? 0 : 1}`)
    .join(',');
  useEffect(() => {
    let alive = true;
    for (const part of key === '' ? [] : key.split(',')) {
      const [id, up] = part.split(':');
      if (id === undefined || up !== '1') continue;
      get<Controls>(`/api/devices/${encodeURIComponent(id)}/controls`)
        .then((c) => alive && setControls((prev) => ({ ...prev, [id]: c })))
        .catch(() => undefined);
    }
    return () => {
      alive = false;
    };
  }, [key]);
  return controls;
}

/** At most this many input or position buttons: a 10-inch screen, no scrolling. */
export const MAX_TILES = 6;

/**
 * Which options get a button: those the room's scenes use, the current one, then the ones
 * with a name a teacher knows; kept in the device's own order so buttons do not jump about.
 */
export function shownOptions<T>(all: readonly T[], nameOf: (item: T) => string, featured: readonly string[], current: string | undefined, known: (name: string) => boolean): T[] {
  const rank = (name: string): number => (featured.includes(name) ? 0 : name === current ? 1 : known(name) ? 2 : 3);
  return all
    .map((item, index) => ({ item, index, rank: rank(nameOf(item)) }))
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .slice(0, MAX_TILES)
    .sort((a, b) => a.index - b.index)
    .map((x) => x.item);
}
