import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { ConfigError, jsonSchemaFiles, loadConfigFile, type ConfigKind } from '../../core/config/index.js';
import { ScError, messageOf } from '../../core/errors/index.js';
import { migrateConfigText } from '../../core/config/migrate.js';
import type { CliIo } from '../io.js';
import { reportError } from '../report-error.js';

function summary(kind: ConfigKind, value: unknown): string {
  if (kind === 'room') {
    const room = value as { room: { country: string; site: string; id: string }; devices: unknown[] };
    return `room config for sc/v1/${room.room.country}/${room.room.site}/${room.room.id}, ${room.devices.length} device(s)`;
  }
  return 'fleet config';
}

export function registerConfig(program: Command, io: CliIo): void {
  const config = program.command('config').description('check, explain and upgrade config files');

  config
    .command('check')
    .description('validate config files; prints every problem as FILE:LINE:COL field: what is wrong, what was expected')
    .argument('<files...>', 'room or fleet config files (YAML)')
    .option('--kind <kind>', 'room or fleet (default: told from the top-level section)')
    .option('--resolve', 'also require every ${env:NAME} to be set and every *_file to be readable, as the service will at start')
    .action(async (files: string[], opts: { kind?: string; resolve?: boolean }) => {
      if (opts.kind !== undefined && opts.kind !== 'room' && opts.kind !== 'fleet') {
        throw new ScError('SC_ERR_USAGE', { detail: `--kind must be room or fleet, not ${opts.kind}` });
      }
      let worst = 0;
      for (const file of files) {
        try {
          const loaded = loadConfigFile(resolve(io.cwd, file), {
            env: io.env,
            resolveSecrets: opts.resolve === true,
            ...(opts.kind === undefined ? {} : { kind: opts.kind as ConfigKind }),
          });
          if (loaded.kind === 'room') {
            // Loaded on use: the drivers are not needed for fleet configs or --help.
            const { checkRoomConfig } = await import('../../agent/check.js');
            checkRoomConfig(loaded as Parameters<typeof checkRoomConfig>[0]);
          }
          io.out(`${file}: ok (${summary(loaded.kind, loaded.value)})\n`);
          for (const w of loaded.warnings) {
            io.out(`${file}:${w.line}:${w.col} ${w.field}: note: ${w.message} (checked at start; --resolve checks it now)\n`);
          }
        } catch (err) {
          // Print paths as the user typed them, not as resolved.
          const shown = err instanceof ConfigError ? relabel(err, resolve(io.cwd, file), file) : err;
          worst = Math.max(worst, reportError(shown, io, false));
        }
      }
      io.exitCode = worst;
    });

  config
    .command('schema')
    .description('write the JSON Schema files for editors (config/schema/ by default)')
    .option('--out <dir>', 'output folder', 'config/schema')
    .action((opts: { out: string }) => {
      const dir = resolve(io.cwd, opts.out);
      mkdirSync(dir, { recursive: true });
      for (const [name, text] of Object.entries(jsonSchemaFiles())) {
        writeFileSync(resolve(dir, name), text);
        io.out(`wrote ${opts.out}/${name}\n`);
      }
    });

  config
    .command('migrate')
    .description('upgrade an older config file to the current schema version, keeping its comments; says what it changed')
    .argument('<file>')
    .option('--write', 'write the upgraded file in place (the old one is kept as FILE.bak)')
    .action((file: string, opts: { write?: boolean }) => {
      const path = resolve(io.cwd, file);
      let text: string;
      try {
        text = readFileSync(path, 'utf8');
      } catch (err) {
        throw new ScError('SC_ERR_CONFIG_NOT_FOUND', { file, reason: messageOf(err) }, { cause: err });
      }
      const result = migrateConfigText(text, file);
      if (result.changes.length === 0) {
        io.out(`${file}: already at schema version ${result.to}; nothing to change\n`);
        return;
      }
      io.out(`${file}: schema version ${result.from} -> ${result.to}\n`);
      for (const change of result.changes) io.out(`  ${change}\n`);
      if (opts.write === true) {
        copyFileSync(path, `${path}.bak`);
        writeFileSync(path, result.text);
        io.out(`wrote ${file} (previous version kept as ${file}.bak)\n`);
      } else {
        io.out('(dry run: add --write to change the file)\n');
      }
    });
}

function relabel(err: ConfigError, from: string, to: string): ConfigError {
  return new ConfigError(
    to,
    err.problems.map((p) => ({ ...p, file: p.file === from ? to : p.file })),
  );
}
