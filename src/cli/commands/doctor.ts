import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { createLogger } from '../../core/logger.js';
import { runDoctor, type DoctorProgress } from '../doctor/run.js';
import type { CheckOutcome, CheckStatus } from '../doctor/types.js';
import type { CliIo } from '../io.js';

const LABEL: Record<CheckStatus, string> = { ok: 'ok  ', warn: 'WARN', fail: 'FAIL', skip: 'skip' };

function printOutcome(io: CliIo, o: CheckOutcome): void {
  io.out(`  ${LABEL[o.status]}  ${o.title}: ${o.detail}\n`);
  if (o.fix !== undefined && (o.status === 'fail' || o.status === 'warn')) io.out(`        fix: ${o.fix}\n`);
}

export function registerDoctor(program: Command, io: CliIo): void {
  program
    .command('doctor')
    .description('check what is wrong on this mini-PC and how to fix it: Node, config, devices, ports, disk, clock, broker, TLS, credentials, fleet')
    .option('--config <file>', 'the room config (default /etc/smart-classroom/room.yaml when it exists)')
    .option('--timeout <ms>', 'how long each network check may take', '5000')
    .option('--json', 'print one JSON object for tools')
    .action(async (opts: { config?: string; timeout: string; json?: boolean }) => {
      const debug = program.opts<{ debug?: boolean }>().debug === true;
      const installed = '/etc/smart-classroom/room.yaml';
      const configFile = opts.config !== undefined ? resolve(io.cwd, opts.config) : existsSync(installed) ? installed : undefined;
      const progress: DoctorProgress | undefined =
        opts.json === true
          ? undefined
          : {
              // A terminal sees each check as it starts; a log file only the results.
              started: (check) => {
                if (io.isTty) io.out(`  ...   ${check.title}\r`);
              },
              finished: (outcome) => {
                if (io.isTty) io.out('\x1b[2K');
                printOutcome(io, outcome);
              },
            };
      if (opts.json !== true) io.out(`classroom doctor${configFile === undefined ? '' : ` (${configFile})`}\n`);
      const outcomes = await runDoctor(
        {
          ...(configFile === undefined ? {} : { configFile }),
          env: io.env,
          log: createLogger({ level: debug ? 'debug' : 'silent', toStderr: true }),
          timeoutMs: Number(opts.timeout) > 0 ? Number(opts.timeout) : 5000,
          now: () => Date.now(),
        },
        progress,
      );
      const count = (s: CheckStatus) => outcomes.filter((o) => o.status === s).length;
      const healthy = count('fail') === 0;
      if (opts.json === true) {
        io.out(`${JSON.stringify({ healthy, checks: outcomes })}\n`);
      } else {
        io.out(`${count('ok')} ok, ${count('warn')} warning(s), ${count('fail')} failure(s), ${count('skip')} skipped\n`);
        io.out(healthy ? 'Nothing is wrong that doctor can see.\n' : 'Something is wrong: fix the FAIL lines above, then run classroom doctor again.\n');
      }
      io.exitCode = healthy ? 0 : 1;
    });
}
