import type { RecorderActivity, RecorderStatus } from '../capabilities.js';

export type StopReason = 'disk-full' | 'stopped-by-device' | 'recorder-error';

export interface UnexpectedStop {
  was: RecorderActivity;
  reason: StopReason;
  elapsedSeconds?: number;
}

/** Below this much space (or time) left, a stop is put down to a full disk. */
const FULL_BYTES = 64 * 1024 * 1024;
const FULL_SECONDS = 60;

/**
 * Tells a recording that stopped by itself (disk full, signal lost, someone at the front
 * panel) from one the agent stopped: the agent says what it asked for, the poll says what the
 * recorder does. Pure, so the rule is tested apart from any link.
 */
export class RecorderWatch {
  private last: RecorderActivity = 'unknown';
  private lastStatus: RecorderStatus | undefined;
  private expected: RecorderActivity | undefined;

  /** The agent is about to ask for this activity. */
  expect(activity: RecorderActivity): void {
    this.expected = activity;
  }

  /** Feed each status read back; returns the stop to report when it was not asked for. */
  observe(status: RecorderStatus): UnexpectedStop | undefined {
    const was = this.last;
    const previous = this.lastStatus;
    this.last = status.activity;
    this.lastStatus = status;
    if (status.activity === 'unknown') return undefined;
    const asked = this.expected;
    if (asked !== undefined && asked === status.activity) this.expected = undefined;
    // A recorder that reports an error has stopped recording just as surely as one that stopped.
    const ended = status.activity === 'stopped' || status.activity === 'error';
    if (!ended || (was !== 'recording' && was !== 'paused')) return undefined;
    if (asked === 'stopped') return undefined;
    if (status.activity === 'error') return { was, reason: 'recorder-error', ...(previous?.elapsedSeconds === undefined ? {} : { elapsedSeconds: previous.elapsedSeconds }) };
    // Free space is meaningful in any state; time remaining only while recording (idle units
    // may report 00:00:00), so that one is taken from the last poll before the stop.
    const lowSpace = (x: RecorderStatus | undefined): boolean => x?.freeBytes !== undefined && x.freeBytes < FULL_BYTES;
    const lowTime = previous?.remainingSeconds !== undefined && previous.remainingSeconds < FULL_SECONDS;
    const reason: StopReason = lowSpace(status) || lowSpace(previous) || lowTime ? 'disk-full' : 'stopped-by-device';
    const elapsed = previous?.elapsedSeconds;
    return { was, reason, ...(elapsed === undefined ? {} : { elapsedSeconds: elapsed }) };
  }
}
