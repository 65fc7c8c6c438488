import { useEffect, useState } from 'preact/hooks';
import { ApiError, get } from '@ui/api.ts';

/**
 * GET `path` now and every `everyMs` while `active`; an expired login (401) is reported so
 * the page can show the login again.
 */
export function usePoll<T>(path: string, everyMs: number, active: boolean, onUnauthorized: () => void, refreshKey: unknown = 0): T | undefined {
  const [data, setData] = useState<T | undefined>();
  useEffect(() => {
    if (!active) return undefined;
    let alive = true;
    const load = (): void => {
      get<T>(path)
        .then((d) => alive && setData(d))
        .catch((err: unknown) => {
          if (alive && err instanceof ApiError && err.status === 401) onUnauthorized();
        });
    };
    load();
    const timer = setInterval(load, everyMs);
    return () => {
      alive = false;
      clearInterval(timer);
    };
    // onUnauthorized only flips the login state; a new closure each render must not restart the poll.
  }, [path, everyMs, active, refreshKey]);
  return data;
}
