import { pathToFileURL } from 'node:url';

/** What every benchmark returns: named figures, numbers where they can be compared. */
export interface BenchResult {
  name: string;
  figures: Record<string, number | string | boolean>;
  /** One line on what was measured, shown under the table. */
  note?: string;
}

export interface BenchOptions {
  /** Smaller workloads, for smoke tests of the benchmark itself. */
  quick?: boolean;
}

export type Bench = (options: BenchOptions) => Promise<BenchResult>;

/** Runs a benchmark file on its own (`node dist/scripts/bench/x.js`) and prints JSON. */
export function runIfMain(moduleUrl: string, bench: Bench): void {
  const entry = process.argv[1];
  if (entry === undefined || pathToFileURL(entry).href !== moduleUrl) return;
  bench({ quick: process.argv.includes('--quick') }).then(
    (result) => process.stdout.write(`${JSON.stringify({ name: result.name, ...result.figures })}\n`),
    (err: unknown) => {
      process.stderr.write(`${String(err)}\n`);
      process.exit(1);
    },
  );
}

/** Median of a sample, so that one slow run on a shared machine does not decide the figure. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}
