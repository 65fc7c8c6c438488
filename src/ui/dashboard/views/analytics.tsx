import { useEffect, useMemo, useState } from 'preact/hooks';
import { endpoints } from '../api/endpoints.js';
import type { AnalyticsDto } from '../api/types.js';
import { Section } from '../components/bits.js';
import { TimeChart } from '../components/time-chart.js';
import { useApp } from '../context.js';
import { daySeries, totalsBy } from '../model/analytics.js';
import { roomHref } from '../router.js';

const DAY = 86_400_000;
const RANGES = [7, 30, 90] as const;

/** Hours taught and recorded over time, per country and site; device uptime; CSV export. */
export function AnalyticsPage() {
  const { i18n, api, countryName, siteName } = useApp();
  const [days, setDays] = useState<number>(7);
  const [scope, setScope] = useState('');
  const [data, setData] = useState<AnalyticsDto | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);
  // Whole days, so the figures do not change with every reload.
  const to = Math.ceil(Date.now() / DAY) * DAY;
  const from = to - days * DAY;

  useEffect(() => {
    let cancelled = false;
    api
      .get<AnalyticsDto>(endpoints.analytics(from, to))
      .then((d) => !cancelled && setData(d))
      .catch((e: unknown) => !cancelled && setError(String(e)));
    return () => {
      cancelled = true;
    };
  }, [api, from, to]);

  const rows = data?.rows ?? [];
  const series = useMemo(() => {
    const [c, s] = scope.split('/');
    const d = daySeries(rows, from, to, (r) => (c === undefined || c === '' || r.country === c) && (s === undefined || r.site === s));
    return {
      xs: d.xs,
      lines: [
        { label: i18n.t('analytics.taught'), colour: '#3b6fd6', values: d.taught, format: (v: number) => i18n.number(v, { maximumFractionDigits: 1 }) },
        { label: i18n.t('analytics.recorded'), colour: '#d64545', values: d.recorded, format: (v: number) => i18n.number(v, { maximumFractionDigits: 1 }) },
      ],
    };
  }, [rows, scope, from, to, i18n]);
  const countries = totalsBy(rows, 'country');
  const sites = totalsBy(rows, 'site');
  const hours = (v: number) => i18n.number(v, { maximumFractionDigits: 1 });
  const label = (key: string) => {
    const [c = '', s] = key.split('/');
    return s === undefined ? countryName(c) : `${siteName(c, s)} (${countryName(c)})`;
  };

  return (
    <div class="analytics" data-testid="analytics">
      <h1>{i18n.t('analytics.title')}</h1>
      <div class="filters">
        {RANGES.map((d) => (
          <button key={d} class={d === days ? '' : 'secondary'} aria-pressed={d === days} onClick={() => setDays(d)}>
            {i18n.t('analytics.days', { count: d })}
          </button>
        ))}
        <select aria-label={i18n.t('analytics.scope')} value={scope} onChange={(e) => setScope((e.target as HTMLSelectElement).value)}>
          <option value="">{i18n.t('analytics.allFleet')}</option>
          {countries.map((c) => (
            <option key={c.key} value={c.key}>
              {label(c.key)}
            </option>
          ))}
          {sites.map((s) => (
            <option key={s.key} value={s.key}>
              {label(s.key)}
            </option>
          ))}
        </select>
        <a class="button secondary" href={api.url(endpoints.analyticsCsv(from, to))} download="classroom-analytics.csv" data-testid="csv-export">
          {i18n.t('analytics.csv')}
        </a>
      </div>
      {error !== undefined ? <p class="bad">{error}</p> : null}
      <TimeChart title={i18n.t('analytics.hoursPerDay')} xs={series.xs} series={series.lines} bars={true} height={220} testId="chart-hours" dayLabel={(ms) => i18n.dateTime(ms, { month: 'short', day: 'numeric', timeZone: 'UTC' })} />
      <div class="two-col">
        <Section title={i18n.t('analytics.byCountry')} testId="totals-country">
          <table class="table">
            <thead>
              <tr>
                <th>{i18n.t('overview.country')}</th>
                <th>{i18n.t('analytics.taught')}</th>
                <th>{i18n.t('analytics.recorded')}</th>
                <th>{i18n.t('analytics.classes')}</th>
              </tr>
            </thead>
            <tbody>
              {countries.map((t) => (
                <tr key={t.key} data-country={t.key}>
                  <td>{label(t.key)}</td>
                  <td>{hours(t.hoursTaught)}</td>
                  <td>{hours(t.hoursRecorded)}</td>
                  <td>{i18n.number(t.classes)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Section>
        <Section title={i18n.t('analytics.devices')} testId="device-uptime">
          <table class="table">
            <thead>
              <tr>
                <th>{i18n.t('analytics.device')}</th>
                <th>{i18n.t('analytics.uptime')}</th>
                <th>{i18n.t('analytics.failures')}</th>
              </tr>
            </thead>
            <tbody>
              {(data?.devices ?? []).slice(0, 15).map((d) => (
                <tr key={`${d.root}/${d.device}`} data-device={`${d.root}/${d.device}`}>
                  <td>
                    <a href={roomHref(d.root)}>{d.root.split('/').slice(2).join(' / ')}</a> · {d.device}
                  </td>
                  <td class={d.uptime < 0.95 ? 'bad' : ''}>{i18n.number(d.uptime, { style: 'percent', maximumFractionDigits: 1 })}</td>
                  <td>{i18n.number(d.failures)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Section>
      </div>
    </div>
  );
}
