/** Wall-clock time, injectable so the timetable can be tested across DST and clock jumps. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
