import type { HealthMessage, SessionMessage } from '../../contract/mqtt/index.js';
import type { AlertKind, Severity } from '../store/types.js';

export interface AlertThresholds {
  roomOfflineMs: number;
  deviceOfflineMs: number;
  clockSkewMs: number;
  diskLowPercent: number;
  outboxBacklog: number;
  debounceMs: number;
}

export const DEFAULT_THRESHOLDS: AlertThresholds = {
  roomOfflineMs: 10 * 60_000,
  deviceOfflineMs: 5 * 60_000,
  clockSkewMs: 120_000,
  diskLowPercent: 10,
  outboxBacklog: 500,
  debounceMs: 300_000,
};

export const SEVERITY: Record<AlertKind, Severity> = {
  'room-offline': 'critical',
  'device-offline': 'warning',
  'scene-degraded': 'warning',
  'help-requested': 'critical',
  'disk-low': 'warning',
  'clock-skew': 'info',
  'outbox-backlog': 'warning',
};

/** Event types an agent sends when a teacher presses `help`. */
export const HELP_EVENT_TYPES = new Set(['help', 'help.requested', 'help-requested']);

/** A condition is either raised (with the sentence shown) or clear. */
export type Verdict = { raise: true; message: string } | { raise: false };

export function diskVerdict(h: HealthMessage, t: AlertThresholds): Verdict {
  if (h.disk === undefined || h.disk.totalBytes <= 0) return { raise: false };
  const percent = (h.disk.freeBytes / h.disk.totalBytes) * 100;
  return percent < t.diskLowPercent
    ? { raise: true, message: `Disk ${percent.toFixed(1)}% free (${(h.disk.freeBytes / 1e9).toFixed(1)} GB), below ${t.diskLowPercent}%` }
    : { raise: false };
}

export function skewVerdict(skewMs: number, t: AlertThresholds): Verdict {
  return Math.abs(skewMs) > t.clockSkewMs
    ? { raise: true, message: `Agent clock off by ${(skewMs / 1000).toFixed(0)} s (limit ${(t.clockSkewMs / 1000).toFixed(0)} s): check NTP on the mini-PC` }
    : { raise: false };
}

/** Raised when the backlog is over the limit and grew since the last report; clear below half. */
export function outboxVerdict(h: HealthMessage, previousDepth: number | undefined, active: boolean, t: AlertThresholds): Verdict | undefined {
  const depth = h.outbox.depth;
  if (depth > t.outboxBacklog && previousDepth !== undefined && depth > previousDepth) {
    return { raise: true, message: `Outbox backlog ${depth} messages and growing (limit ${t.outboxBacklog})` };
  }
  if (depth <= t.outboxBacklog / 2 || (!active && depth <= t.outboxBacklog)) return { raise: false };
  // between: keep whatever state the alert is in (hysteresis)
  return undefined;
}

export function sceneVerdict(s: SessionMessage): Verdict & { device?: string } {
  const problems = s.problems ?? [];
  if (s.state === 'degraded' || (problems.length > 0 && s.state !== 'idle')) {
    const first = problems[0];
    const what = first === undefined ? 'a step failed' : `${first.step}${first.device === undefined ? '' : ` on ${first.device}`}: ${first.code} ${first.message}`;
    return { raise: true, message: `Scene ${s.scene ?? '(unknown)'} degraded: ${what}`, ...(first?.device === undefined ? {} : { device: first.device }) };
  }
  return { raise: false };
}
