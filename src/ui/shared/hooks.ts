import { useEffect, useReducer, useState } from 'preact/hooks';
import { LIVE_EVENT_NAMES } from '../../contract/names.js';
import { get } from './api.ts';
import { LiveFeed, type LiveStatus } from './live.ts';
import { applyRoomEvent, emptyRoom, type RoomView } from './room.ts';

interface Incoming {
  name: string;
  data: unknown;
  now: number;
}

const reduce = (view: RoomView, e: Incoming): RoomView => applyRoomEvent(view, e.name, e.data, e.now);

/**
 * The room, live: a snapshot and every event after it. When the agent comes back with another
 * version (an upgrade), the page reloads itself so the kiosk never runs old code against it.
 */
export function useRoom(): { view: RoomView; status: LiveStatus } {
  const [view, dispatch] = useReducer(reduce, emptyRoom);
  const [status, setStatus] = useState<LiveStatus>('connecting');
  useEffect(() => {
    let version: string | undefined;
    const feed = new LiveFeed({
      url: '/api/events',
      events: LIVE_EVENT_NAMES,
      onEvent: (name, data) => dispatch({ name, data, now: Date.now() }),
      onStatus: (s) => {
        setStatus(s);
        if (s !== 'open') return;
        get<{ version: string }>('/api/health')
          .then((h) => {
            if (version !== undefined && h.version !== version) location.reload();
            version = h.version;
          })
          .catch(() => undefined);
      },
    });
    feed.start();
    return () => feed.stop();
  }, []);
  return { view, status };
}

/**
 * The current time, re-read every `everyMs` (null: not ticking). The one timer of a page: the
 * clock and every elapsed time render from it.
 */
export function useNow(everyMs: number | null): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (everyMs === null) return undefined;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}
