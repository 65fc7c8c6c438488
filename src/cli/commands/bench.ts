import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Command } from 'commander';
import { ScError } from '../../core/errors/index.js';
import { packageRoot } from '../../core/paths.js';
import type { CliIo } from '../io.js';

/** Benchmarks are compiled with the rest: scripts/bench/x.ts -> dist/scripts/bench/x.js */
const BENCH_DIR = join(packageRoot(), 'dist', 'scripts', 'bench') + '/';

interface BenchModule {
  default: (options: { quick?: boolean }) => Promise<{ name: string; figures: Record<string, unknown>; note?: string }>;
}

export function availableBenches(): string[] {
  if (!existsSync(BENCH_DIR)) return [];
  return readdirSync(BENCH_DIR)
    .filter((f) => f.endsWith('.js') && f !== 'lib.js' && !f.startsWith('_'))
    .map((f) => f.slice(0, -3))
    .sort();
}

function table(figures: Record<string, unknown>): string {
  const width = Math.max(...Object.keys(figures).map((k) => k.length));
  return Object.entries(figures)
    .map(([k, v]) => `  ${k.padEnd(width)}  ${String(v)}`)
    .join('\n');
}

export function registerBench(program: Command, io: CliIo): void {
  program
    .command('bench')
    .description('run a benchmark from scripts/bench/ and print its figures')
    .argument('<name>', 'the benchmark (file name in scripts/bench/ without extension)')
    .option('--json', 'print one JSON object, for comparing runs in scripts')
    .option('--quick', 'a smaller workload (smoke test of the benchmark)')
    .action(async (name: string, opts: { json?: boolean; quick?: boolean }) => {
      const available = availableBenches();
      if (!/^[a-z0-9-]+$/.test(name) || !available.includes(name)) {
        throw new ScError('SC_ERR_BENCH_UNKNOWN', { name, available: available.join(', ') || '(none built; run npm run build)' });
      }
      const mod = (await import(pathToFileURL(`${BENCH_DIR}${name}.js`).href)) as BenchModule;
      const result = await mod.default({ quick: opts.quick === true });
      if (opts.json === true) {
        io.out(`${JSON.stringify({ name: result.name, ...result.figures })}\n`);
      } else {
        io.out(`${result.name}\n${table(result.figures)}\n`);
        if (result.note !== undefined) io.out(`  (${result.note})\n`);
      }
    });
}
