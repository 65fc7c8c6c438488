import type { EventBus } from '../core/event-bus.js';
import { SESSION_STATES } from '../contract/mqtt/payloads.js';
import type { DeviceRegistry } from './devices/registry.js';
import type { RoomEvents } from './events.js';
import type { Session } from './session/session.js';

export interface RoomMetricsContext {
  bus: EventBus<RoomEvents>;
  devices: DeviceRegistry;
  session: Session;
}

const BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

class Histogram {
  private readonly series = new Map<string, { labels: Record<string, string>; counts: number[]; sum: number; count: number }>();

  observe(labels: Record<string, string>, seconds: number): void {
    const key = JSON.stringify(labels);
    let s = this.series.get(key);
    if (s === undefined) {
      s = { labels, counts: BUCKETS.map(() => 0), sum: 0, count: 0 };
      this.series.set(key, s);
    }
    BUCKETS.forEach((b, i) => {
      if (seconds <= b && s !== undefined) s.counts[i] = (s.counts[i] ?? 0) + 1;
    });
    s.sum += seconds;
    s.count += 1;
  }

  render(name: string, help: string): string[] {
    const out = [`# HELP ${name} ${help}`, `# TYPE ${name} histogram`];
    for (const s of this.series.values()) {
      BUCKETS.forEach((b, i) => out.push(`${name}_bucket${labelText({ ...s.labels, le: String(b) })} ${s.counts[i] ?? 0}`));
      out.push(`${name}_bucket${labelText({ ...s.labels, le: '+Inf' })} ${s.count}`);
      out.push(`${name}_sum${labelText(s.labels)} ${s.sum}`);
      out.push(`${name}_count${labelText(s.labels)} ${s.count}`);
    }
    return out;
  }
}

class Counter {
  private readonly series = new Map<string, { labels: Record<string, string>; value: number }>();

  inc(labels: Record<string, string>): void {
    const key = JSON.stringify(labels);
    const s = this.series.get(key) ?? { labels, value: 0 };
    s.value += 1;
    this.series.set(key, s);
  }

  render(name: string, help: string): string[] {
    return [`# HELP ${name} ${help}`, `# TYPE ${name} counter`, ...[...this.series.values()].map((s) => `${name}${labelText(s.labels)} ${s.value}`)];
  }
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function labelText(labels: Record<string, string>): string {
  const parts = Object.entries(labels).map(([k, v]) => `${k}="${escapeLabel(v)}"`);
  return parts.length === 0 ? '' : `{${parts.join(',')}}`;
}

/** The agent's Prometheus metrics: device up/down, command latencies, scene durations, errors. */
export class RoomMetrics {
  private readonly commandLatency = new Histogram();
  private readonly sceneDuration = new Histogram();
  private readonly sceneRuns = new Counter();
  private readonly errors = new Counter();
  private readonly help = new Counter();
  private readonly off: (() => void)[] = [];

  constructor(private readonly ctx: RoomMetricsContext) {}

  start(): Promise<void> {
    const { bus } = this.ctx;
    this.off.push(
      bus.on('command-done', (e) => {
        this.commandLatency.observe({ device: e.device, action: e.action }, e.latencyMs / 1000);
        if (e.error !== undefined) this.errors.inc({ device: e.device, code: e.error.code });
      }),
      bus.on('scene-done', (r) => {
        this.sceneDuration.observe({ scene: r.scene }, r.durationMs / 1000);
        this.sceneRuns.inc({ scene: r.scene, status: r.status });
      }),
      bus.on('device-state', (c) => {
        const err = c.state.lastError;
        if (err !== undefined && err.at !== c.previous.lastError?.at) this.errors.inc({ device: c.device, code: err.code });
      }),
      bus.on('help', () => this.help.inc({})),
    );
    return Promise.resolve();
  }

  stop(): Promise<void> {
    for (const off of this.off.splice(0)) off();
    return Promise.resolve();
  }

  render(): string {
    const devices = this.ctx.devices.list();
    const session = this.ctx.session.state;
    const lines = [
      '# HELP sc_device_up Whether the device answers (1) or is offline (0).',
      '# TYPE sc_device_up gauge',
      ...devices.map((d) => `sc_device_up${labelText({ device: d.id, driver: d.driver })} ${d.state.status === 'online' || d.state.status === 'degraded' ? 1 : 0}`),
      '# HELP sc_device_latency_seconds Latency of the last state read from the device.',
      '# TYPE sc_device_latency_seconds gauge',
      ...devices.filter((d) => d.state.latencyMs !== undefined).map((d) => `sc_device_latency_seconds${labelText({ device: d.id })} ${(d.state.latencyMs ?? 0) / 1000}`),
      '# HELP sc_session_state The room session state (1 for the current one).',
      '# TYPE sc_session_state gauge',
      ...SESSION_STATES.map((s) => `sc_session_state${labelText({ state: s })} ${s === session ? 1 : 0}`),
      ...this.commandLatency.render('sc_command_latency_seconds', 'Device command latency, by device and action.'),
      ...this.sceneDuration.render('sc_scene_duration_seconds', 'Scene run duration, by scene.'),
      ...this.sceneRuns.render('sc_scene_runs_total', 'Scene runs, by scene and outcome.'),
      ...this.errors.render('sc_errors_total', 'Device and command errors, by device and error code.'),
      ...this.help.render('sc_help_requests_total', 'Help requests from the room.'),
    ];
    return `${lines.join('\n')}\n`;
  }
}
