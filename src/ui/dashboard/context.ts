import { createContext } from 'preact';
import { useContext, useEffect, useState } from 'preact/hooks';
import type { I18n } from '@ui/i18n.ts';
import type { ApiClient } from './api/client.js';
import type { MeDto } from './api/types.js';
import { parseRoute, type Route } from './router.js';
import type { FleetState } from './state/fleet-state.js';

/** What every view reads: made once by the app root, passed down by context. */
export interface AppContext {
  i18n: I18n;
  api: ApiClient;
  state: FleetState;
  me: MeDto;
  /** Names of countries in the reader's language. */
  countryName(code: string): string;
  siteName(country: string, site: string): string;
  now(): number;
}

export const Ctx = createContext<AppContext | undefined>(undefined);

export function useApp(): AppContext {
  const ctx = useContext(Ctx);
  if (ctx === undefined) throw new Error('useApp outside the app root');
  return ctx;
}

/** Re-renders the caller once per flush of the fleet state; returns the state's version. */
export function useFleetVersion(): number {
  const { state } = useApp();
  const [version, setVersion] = useState(state.version);
  useEffect(() => state.subscribe(() => setVersion(state.version)), [state]);
  return version;
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const on = () => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', on);
    return () => removeEventListener('hashchange', on);
  }, []);
  return route;
}
