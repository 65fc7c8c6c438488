/**
 * Prometheus metrics without a dependency: counters with labels, and gauges read when
 * `/metrics` is scraped. One instance per fleet service (no module-level registry).
 */
type Labels = Readonly<Record<string, string>>;

interface Help {
  help: string;
  type: 'counter' | 'gauge';
}

const HELP: Record<string, Help> = {
  sc_fleet_mqtt_refused_total: { help: 'MQTT connections refused, by reason', type: 'counter' },
  sc_fleet_mqtt_denied_total: { help: 'MQTT publishes or subscriptions outside the ACL or limits', type: 'counter' },
  sc_fleet_mqtt_throttled_total: { help: 'MQTT publishes delayed by the per-room rate limit', type: 'counter' },
  sc_fleet_messages_total: { help: 'Room messages ingested, by kind', type: 'counter' },
  sc_fleet_messages_rejected_total: { help: 'Room messages rejected (malformed topic or payload), by reason', type: 'counter' },
  sc_fleet_events_duplicate_total: { help: 'Duplicate events dropped', type: 'counter' },
  sc_fleet_events_gap_total: { help: 'Events found missing (gaps in seq)', type: 'counter' },
  sc_fleet_store_batches_total: { help: 'Store write transactions', type: 'counter' },
  sc_fleet_store_errors_total: { help: 'Store write failures', type: 'counter' },
  sc_fleet_alerts_raised_total: { help: 'Alerts opened, by kind', type: 'counter' },
  sc_fleet_commands_total: { help: 'Remote commands sent, by result', type: 'counter' },
  sc_fleet_http_logins_total: { help: 'Dashboard logins, by result', type: 'counter' },
  sc_fleet_webhook_failures_total: { help: 'Alert webhook deliveries that failed', type: 'counter' },
};

function key(labels: Labels): string {
  return Object.keys(labels)
    .sort()
    .map((k) => `${k}="${String(labels[k]).replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`)
    .join(',');
}

export class FleetMetrics {
  private readonly counters = new Map<string, Map<string, number>>();
  private readonly gauges = new Map<string, { help: string; read: () => number }>();

  inc(name: string, labels: Labels = {}, by = 1): void {
    this.series(name).add(key(labels), by);
  }

  /** A counter with fixed labels, for hot paths: the label key is built once. */
  counter(name: string, labels: Labels = {}): (by?: number) => void {
    const series = this.series(name);
    const k = key(labels);
    return (by = 1) => series.add(k, by);
  }

  private series(name: string): { add(k: string, by: number): void } {
    let series = this.counters.get(name);
    if (series === undefined) this.counters.set(name, (series = new Map()));
    const s = series;
    return { add: (k, by) => void s.set(k, (s.get(k) ?? 0) + by) };
  }

  /** The current total of a counter, summed over labels matching `labels`. */
  value(name: string, labels: Labels = {}): number {
    const want = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
    let total = 0;
    for (const [k, v] of this.counters.get(name) ?? []) if (want.every((w) => k.includes(w))) total += v;
    return total;
  }

  gauge(name: string, help: string, read: () => number): void {
    this.gauges.set(name, { help, read });
  }

  /** The Prometheus text exposition format (version 0.0.4). */
  render(): string {
    const lines: string[] = [];
    for (const [name, series] of [...this.counters].sort(([a], [b]) => a.localeCompare(b))) {
      const h = HELP[name];
      lines.push(`# HELP ${name} ${h?.help ?? name}`, `# TYPE ${name} counter`);
      for (const [k, v] of series) lines.push(k === '' ? `${name} ${v}` : `${name}{${k}} ${v}`);
    }
    for (const [name, g] of [...this.gauges].sort(([a], [b]) => a.localeCompare(b))) {
      let v: number;
      try {
        v = g.read();
      } catch {
        continue;
      }
      lines.push(`# HELP ${name} ${g.help}`, `# TYPE ${name} gauge`, `${name} ${Number.isFinite(v) ? v : 0}`);
    }
    return `${lines.join('\n')}\n`;
  }
}
