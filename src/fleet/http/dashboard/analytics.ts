import { ScError } from '../../../core/errors/index.js';
import type { Analytics } from '../../analytics/analytics.js';
import type { FleetModel } from '../../ingest/model.js';
import type { TimeRange } from '../../store/types.js';
import type { AnalyticsDto } from '../../../contract/dashboard.js';

const DAY = 86_400_000;
const MAX_DAYS = 400;

/** `?from=&to=` in ms; the last 7 days by default; at most a bit over a year. */
export function parseRange(query: { from?: number; to?: number }, now: number): TimeRange {
  const to = query.to ?? now;
  const from = query.from ?? to - 7 * DAY;
  if (!Number.isFinite(from) || !Number.isFinite(to) || from < 0 || to <= from || to - from > MAX_DAYS * DAY) {
    throw new ScError('SC_ERR_HTTP_BAD_REQUEST', { detail: `from and to must be ms since the epoch, from < to, at most ${MAX_DAYS} days apart` });
  }
  return { from, to };
}

/** Hours taught and recorded per site per UTC day, and device uptime, for the rooms the user sees. */
export async function loadAnalytics(analytics: Analytics, model: FleetModel, range: TimeRange, sees: (root: string) => boolean): Promise<AnalyticsDto> {
  const visible = [...model.rooms.keys()].filter(sees);
  const roots = visible.length === model.rooms.size ? undefined : new Set(visible);
  const usage = await analytics.usage(range, 'site', 'day', roots);
  const uptime = await analytics.uptime(range, roots);
  return {
    from: range.from,
    to: range.to,
    rows: usage.map((u) => {
      const [country = '', site = ''] = u.key.split('/');
      return { day: Date.parse(`${u.period}T00:00:00Z`), country, site, hoursTaught: u.hoursTaught, hoursRecorded: u.hoursRecorded, classes: u.sessions };
    }),
    devices: uptime
      .map((d) => ({
        root: d.root,
        device: d.device,
        uptime: d.uptimePercent / 100,
        failures: d.failures,
        status: model.get(d.root)?.devices.get(d.device)?.status ?? 'unknown',
      }))
      .sort((a, b) => a.uptime - b.uptime || b.failures - a.failures || a.root.localeCompare(b.root)),
  };
}

function cell(value: string | number): string {
  const text = String(value);
  // Quote what needs it, and defuse spreadsheet formulas in text cells.
  const safe = /^[=+\-@]/.test(text) && typeof value === 'string' ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One line per site and day (UTC), for spreadsheets. */
export function analyticsCsv(data: AnalyticsDto): string {
  const lines = ['date,country,site,hours_taught,hours_recorded,classes'];
  for (const r of data.rows) {
    lines.push([new Date(r.day).toISOString().slice(0, 10), r.country, r.site, r.hoursTaught, r.hoursRecorded, r.classes].map(cell).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
