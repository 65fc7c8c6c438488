import { join } from 'node:path';
import { readJsonFile, writeFileAtomic } from '../state/atomic-file.js';

export type BudgetMode = 'normal' | 'economy' | 'critical';

/** How much longer the health interval gets in each mode. */
export const HEALTH_STRETCH: Readonly<Record<BudgetMode, number>> = { normal: 1, economy: 4, critical: 16 };

function dayKey(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${d.getMonth() + 1}-${d.getDate()}`;
}

function dayFraction(ms: number): number {
  const d = new Date(ms);
  return (d.getHours() * 3600 + d.getMinutes() * 60 + d.getSeconds()) / 86_400;
}

/**
 * Bytes sent and received today (local day of the mini-PC), kept across restarts, and what an
 * optional daily budget asks of the uplink: `economy` once usage runs ahead of an even pace
 * through the day, `critical` at 90 %. Events, state and commands are never held back; health
 * is sent less often and optional telemetry no longer triggers a state report.
 */
export class DataBudget {
  private day = '';
  private sent = 0;
  private received = 0;
  private lastTotals: [number, number] = [0, 0];
  private readonly path: string;

  constructor(
    dir: string,
    private readonly budgetBytes: number | undefined,
    private readonly now: () => number,
  ) {
    this.path = join(dir, 'data-usage.json');
  }

  async start(): Promise<void> {
    const stored = (await readJsonFile(this.path)) as { day?: unknown; sent?: unknown; received?: unknown } | undefined;
    this.day = dayKey(this.now());
    if (stored !== undefined && stored.day === this.day && typeof stored.sent === 'number' && typeof stored.received === 'number') {
      this.sent = stored.sent;
      this.received = stored.received;
    }
  }

  async save(): Promise<void> {
    await writeFileAtomic(this.path, `${JSON.stringify({ day: this.day, sent: this.sent, received: this.received })}\n`);
  }

  /** Takes the connection's running byte totals; only what is new since the last call counts. */
  record(totals: [number, number]): void {
    const [s, r] = totals;
    const ds = Math.max(0, s - this.lastTotals[0]);
    const dr = Math.max(0, r - this.lastTotals[1]);
    this.lastTotals = [s, r];
    const today = dayKey(this.now());
    if (today !== this.day) {
      this.day = today;
      this.sent = 0;
      this.received = 0;
    }
    this.sent += ds;
    this.received += dr;
  }

  get sentToday(): number {
    return this.sent;
  }

  get receivedToday(): number {
    return this.received;
  }

  get budget(): number | undefined {
    return this.budgetBytes;
  }

  mode(): BudgetMode {
    const b = this.budgetBytes;
    if (b === undefined || b <= 0) return 'normal';
    const used = this.sent + this.received;
    if (used >= 0.9 * b) return 'critical';
    if (used >= b * (dayFraction(this.now()) + 0.05)) return 'economy';
    return 'normal';
  }
}
