import { useState } from 'preact/hooks';
import { ApiError } from '../api/client.js';
import { endpoints } from '../api/endpoints.js';
import type { AlertDto } from '../api/types.js';
import { VirtualList } from '../components/virtual-list.js';
import { useApp, useFleetVersion } from '../context.js';
import { href, roomHref } from '../router.js';

const ROW = 56;

/** Active alerts newest first, filtered by country and site, with acknowledge and resolve. */
export function AlertsPage({ country, site }: { country?: string; site?: string }) {
  const { i18n, state, countryName, siteName } = useApp();
  useFleetVersion();
  const alerts = state.alertList({ ...(country === undefined ? {} : { country }), ...(site === undefined ? {} : { site }) });
  const countries = [...state.aggregates.countries.keys()].sort((a, b) => countryName(a).localeCompare(countryName(b)));
  const sites = country === undefined ? [] : [...state.aggregates.sites.keys()].filter((k) => k.startsWith(`${country}/`)).map((k) => k.slice(country.length + 1));
  const go = (c: string | undefined, s: string | undefined) => (location.hash = href({ page: 'alerts', ...(c === undefined ? {} : { country: c }), ...(s === undefined ? {} : { site: s }) }));
  return (
    <div class="alerts-page">
      <h1>{i18n.t('alerts.title')}</h1>
      <div class="filters">
        <label>
          {i18n.t('alerts.country')}{' '}
          <select data-testid="filter-country" value={country ?? ''} onChange={(e) => go((e.target as HTMLSelectElement).value || undefined, undefined)}>
            <option value="">{i18n.t('alerts.all')}</option>
            {countries.map((c) => (
              <option key={c} value={c}>
                {countryName(c)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {i18n.t('alerts.site')}{' '}
          <select data-testid="filter-site" value={site ?? ''} disabled={country === undefined} onChange={(e) => go(country, (e.target as HTMLSelectElement).value || undefined)}>
            <option value="">{i18n.t('alerts.all')}</option>
            {sites.map((s) => (
              <option key={s} value={s}>
                {siteName(country ?? '', s)}
              </option>
            ))}
          </select>
        </label>
        <span class="muted">{i18n.t('alerts.count', { count: alerts.length })}</span>
      </div>
      {alerts.length === 0 ? (
        <p class="muted">{i18n.t('alerts.none')}</p>
      ) : (
        <VirtualList items={alerts} rowHeight={ROW} height={ROW * 12} label={i18n.t('alerts.title')} testId="alert-list" itemKey={(a) => a.id} row={(a) => <AlertRow alert={a} />} />
      )}
    </div>
  );
}

function AlertRow({ alert }: { alert: AlertDto }) {
  const { i18n, api, me, state, siteName } = useApp();
  const [error, setError] = useState<string | undefined>(undefined);
  const [, , country = '', site = '', room = ''] = alert.root.split('/');
  const name = state.rooms.get(alert.root)?.name ?? room;
  const act = async (path: string) => {
    setError(undefined);
    try {
      const updated = await api.post<AlertDto>(path);
      // The stream brings the same change; applying the reply too makes the click feel instant.
      if (updated?.id === alert.id) state.apply({ type: 'alert', alert: updated, change: updated.state === 'resolved' ? 'resolved' : 'acknowledged' });
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
  };
  return (
    <div class={`alert-row sev-${alert.severity}`} data-alert={alert.id} data-kind={alert.kind} data-root={alert.root} data-state={alert.state}>
      <span class={`sev sev-${alert.severity}`}>{i18n.t(`severity.${alert.severity}`)}</span>
      <span class="alert-main">
        <b>{i18n.t(`alert.${alert.kind}`)}</b>
        {alert.device !== '' ? ` · ${alert.device}` : ''} ·{' '}
        <a href={roomHref(alert.root)}>
          {name}, {siteName(country, site)}
        </a>
        <div class="muted small">
          {alert.message} · {i18n.relative(alert.lastRaisedAt, Date.now())}
          {alert.count > 1 ? ` · ×${i18n.number(alert.count)}` : ''}
          {alert.state === 'acknowledged' ? ` · ${i18n.t('alerts.ackedBy', { user: alert.ackedBy ?? '?' })}` : ''}
        </div>
        {error !== undefined ? <div class="bad small">{error}</div> : null}
      </span>
      {me.canManageAlerts ? (
        <span class="alert-actions">
          {alert.state === 'open' ? (
            <button class="secondary" data-action="ack" onClick={() => void act(endpoints.ackAlert(alert.id))}>
              {i18n.t('alerts.ack')}
            </button>
          ) : null}
          <button class="secondary" data-action="resolve" onClick={() => void act(endpoints.resolveAlert(alert.id))}>
            {i18n.t('alerts.resolve')}
          </button>
        </span>
      ) : null}
    </div>
  );
}
