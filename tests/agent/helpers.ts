import { pino, type Logger } from 'pino';
import { Agent, type AgentContext } from '../../src/agent/agent.js';
import type { RoomLoadedConfig } from '../../src/agent/config.js';
import type { RoomEventName, RoomEvents } from '../../src/agent/events.js';
import { parseConfig, type RoomConfig } from '../../src/core/config/index.js';
import { mdcSim } from '../../src/simulators/displays/samsung-mdc.js';
import { startPanel, type RunningPanel } from '../../src/simulators/displays/index.js';

export const log: Logger = pino({ level: process.env.SC_TEST_LOG ?? 'silent' });

/** A Samsung MDC panel simulator on a fresh socat PTY pair; `path` is the end the agent opens. */
export async function simPanel(settings: Record<string, string> = {}): Promise<RunningPanel & { path: string }> {
  const sim = await startPanel(mdcSim, { host: '127.0.0.1', log, pty: true, settings: { id: '1', ...settings } });
  const target = sim.targets.find((t) => t.startsWith('serial:'));
  if (target === undefined) throw new Error('panel simulator has no serial end');
  return Object.assign(sim, { path: target.slice('serial:'.length) });
}

/** A panel device block for a room config (fast timeouts for tests). */
export function panelDevice(id: string, path: string, extra = ''): string {
  return `  - id: ${id}
    driver: samsung-mdc
    target: serial:${path}?baud=9600
    pollIntervalMs: 60000
    timeoutMs: 300
    options: { id: 1, reconnectMaxMs: 200${extra} }
`;
}

export function roomYaml(devices: string, scenes: string, extra = ''): string {
  return `schemaVersion: 1
room: { id: test-room, country: ke, site: test-site, timezone: Africa/Nairobi }
devices:
${devices}scenes:
${scenes}${extra}`;
}

export function loadRoom(text: string, file = 'room.yaml'): RoomLoadedConfig {
  return parseConfig<RoomConfig>(text, file, { kind: 'room', env: {} });
}

export function makeAgent(config: RoomLoadedConfig, extra: Partial<AgentContext> = {}): Agent {
  return new Agent({
    config,
    log,
    version: 'test',
    serve: false,
    dataDir: extra.dataDir ?? '/nonexistent-sc-test',
    ...extra,
    tuning: { deviceStartTimeoutMs: 3000, retryDelayMs: 50, waitPollMs: 50, stopGraceMs: 1000, ...extra.tuning },
  });
}

/** Collects every payload of some room events, in order. */
export function record<K extends RoomEventName>(agent: Agent, name: K): RoomEvents[K][] {
  const seen: RoomEvents[K][] = [];
  agent.bus.on(name, (p) => {
    seen.push(p);
  });
  return seen;
}

export async function until(cond: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
