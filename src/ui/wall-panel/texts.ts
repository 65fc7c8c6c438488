import type { I18n } from '@ui/i18n.ts';
import { tOr } from '@ui/languages.ts';
import { kindOf, type DeviceInfo, type SessionProblem, type StepResult } from '@ui/room.ts';

/**
 * Sentences a teacher reads, built from message keys: step names and error messages in the
 * room config are written by technicians in one language, so the panel speaks from the action.
 */
export function stepLabel(i18n: I18n, step: Pick<StepResult, 'action' | 'name'>): string {
  return tOr(i18n, `step.${step.action}`, step.name);
}

const PROBLEM_ACTIONS = new Set(['recorder.start', 'recorder.stop', 'power.on', 'power.off', 'input.select', 'preset.goto']);

/**
 * "The recorder did not start." from the failed step's action, "The recording stopped by itself."
 * from what went wrong during the class, else from what the device is.
 */
export function problemSentence(i18n: I18n, problem: SessionProblem, devices: readonly DeviceInfo[], steps: readonly StepResult[]): string {
  if (problem.code === 'SC_ERR_SESSION_NOT_RECORDING') return i18n.t('problem.recorder.stopped');
  const step = steps.find((s) => s.name === problem.step && (problem.device === undefined || s.device === problem.device));
  if (step !== undefined && PROBLEM_ACTIONS.has(step.action)) return i18n.t(`problem.${step.action}`);
  const device = devices.find((d) => d.id === problem.device);
  return i18n.t(`problem.kind.${kindOf(device)}`);
}

export function inputLabel(i18n: I18n, input: string): string {
  return tOr(i18n, `input.${input.toLowerCase()}`, input.toUpperCase());
}

/** A wall-clock time in the room's time zone (the kiosk's own zone may be wrong or UTC). */
export function clockTime(i18n: I18n, ms: number, timeZone: string | undefined): string {
  try {
    return i18n.dateTime(ms, { hour: '2-digit', minute: '2-digit', ...(timeZone === undefined ? {} : { timeZone }) });
  } catch {
    return i18n.time(ms);
  }
}

/** Elapsed seconds from an agent timestamp to now (the browser clock corrected by the agent's). */
export function secondsSince(agentTs: number, now: number, clockOffsetMs: number): number {
  return Math.max(0, Math.floor((now + clockOffsetMs - agentTs) / 1000));
}

const KIND_TITLE: Readonly<Record<string, string>> = { panel: 'panel.title', camera: 'camera.title', recorder: 'rec.title', keypad: 'keypad.title', device: 'device.title' };

/**
 * A device's name for the teacher: the room config's name in this language (`names.fr`), else a
 * plain word ("Camera", "Camera 2" when the room has two), never the technician's name with its
 * protocol ("Rear PTZ camera (ONVIF)").
 */
export function deviceLabel(i18n: I18n, device: DeviceInfo, devices: readonly DeviceInfo[]): string {
  const own = device.names?.[i18n.lang];
  if (own !== undefined && own.trim() !== '') return own;
  const kind = kindOf(device);
  const word = i18n.t(KIND_TITLE[kind] ?? 'device.title');
  const same = devices.filter((d) => kindOf(d) === kind);
  return same.length > 1 ? i18n.t('device.numbered', { name: word, n: same.indexOf(device) + 1 }) : word;
}
