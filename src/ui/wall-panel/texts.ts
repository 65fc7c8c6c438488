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

/** "The recorder did not start." from the failed step's action, else from what the device is. */
export function problemSentence(i18n: I18n, problem: SessionProblem, devices: readonly DeviceInfo[], steps: readonly StepResult[]): string {
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
