import type { Logger } from 'pino';
import type { LoadedConfig, RoomConfig } from '../../core/config/index.js';

export type CheckStatus = 'ok' | 'warn' | 'fail' | 'skip';

export interface CheckResult {
  status: CheckStatus;
  /** What was found, in a sentence. */
  detail: string;
  /** What to do about it, when it is not ok. */
  fix?: string;
}

export interface CheckOutcome extends CheckResult {
  id: string;
  title: string;
  ms: number;
}

export interface DoctorContext {
  configFile?: string;
  /** Set by the config check when the file loads; later checks skip without it. */
  config?: LoadedConfig<RoomConfig>;
  env: NodeJS.ProcessEnv;
  log: Logger;
  timeoutMs: number;
  now: () => number;
}

export interface Check {
  id: string;
  title: string;
  /** One check may expand into several (one per device). */
  run(ctx: DoctorContext): Promise<CheckResult | CheckOutcome[]>;
}

export const ok = (detail: string): CheckResult => ({ status: 'ok', detail });
export const skip = (detail: string): CheckResult => ({ status: 'skip', detail });
export const warn = (detail: string, fix: string): CheckResult => ({ status: 'warn', detail, fix });
export const fail = (detail: string, fix: string): CheckResult => ({ status: 'fail', detail, fix });
