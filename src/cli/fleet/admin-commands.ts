import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { ScError } from '../../core/errors/index.js';
import { mosquittoFiles } from '../../fleet/auth/mosquitto-export.js';
import { hashRoomPassword } from '../../fleet/auth/room-credentials.js';
import { RoomDirectory } from '../../fleet/auth/room-directory.js';
import { UserService } from '../../fleet/auth/users.js';
import { Provisioning, type IssuedCredential } from '../../fleet/provisioning.js';
import { ROLES, type Role } from '../../fleet/store/types.js';
import type { CliIo } from '../io.js';
import { loadFleetConfig, splitPath, withStore } from './context.js';

function printCredential(io: CliIo, c: IssuedCredential, json: boolean): void {
  if (json) {
    io.out(`${JSON.stringify(c)}\n`);
    return;
  }
  io.out(
    [
      `room ${c.root}`,
      `MQTT user name: ${c.username}`,
      `MQTT password:  ${c.password}`,
      '(shown once: put it in the file the uplink config names, mode 600; only its hash is kept)',
      '',
      c.uplinkYaml,
    ].join('\n'),
  );
}

/** `classroom fleet site|room|user|export-acl`: admin work on the store, also while the fleet runs. */
export function registerFleetAdmin(fleet: Command, io: CliIo): void {
  /** `--config` belongs to `fleet` (commander parses it there wherever it is written). */
  const configOf = (cmd: Command): string | undefined => cmd.optsWithGlobals<{ config?: string }>().config;

  const site = fleet.command('site').description('sites (a university, a school)');
  site
    .command('add')
    .description('add a site')
    .argument('<country/site>')
    .option('--name <name>', 'display name')
    .action(async (path: string, opts: { name?: string }, cmd: Command) => {
      const { settings } = loadFleetConfig(io, configOf(cmd));
      const [country = '', siteId = ''] = splitPath(path, 2);
      await withStore(settings, async (store) => {
        const p = new Provisioning({ store, directory: new RoomDirectory(), bus: undefined, brokerUrl: settings.broker.publicUrl });
        const record = await p.addSite(country, siteId, opts.name);
        io.out(`site ${record.key} added\n`);
      });
    });

  const room = fleet.command('room').description('rooms and their MQTT credentials');
  const provisioned = async (cmd: Command, work: (p: Provisioning) => Promise<void>): Promise<void> => {
    const { settings } = loadFleetConfig(io, configOf(cmd));
    await withStore(settings, (store) => work(new Provisioning({ store, directory: new RoomDirectory(), bus: undefined, brokerUrl: settings.broker.publicUrl })));
  };
  room
    .command('add')
    .description('add a room: prints its credentials (once) and the uplink part of its config')
    .argument('<country/site/room>')
    .option('--name <name>', 'display name')
    .option('--json', 'print the credentials as JSON')
    .action(async (path: string, opts: { name?: string; json?: boolean }, cmd: Command) => {
      const [country = '', siteId = '', roomId = ''] = splitPath(path, 3);
      await provisioned(cmd, async (p) => printCredential(io, (await p.addRoom({ country, site: siteId, room: roomId }, opts.name)).credential, opts.json === true));
    });
  room
    .command('rotate')
    .description('new credentials; the old ones stop working')
    .argument('<country/site/room>')
    .option('--json', 'print the credentials as JSON')
    .action(async (path: string, opts: { json?: boolean }, cmd: Command) => {
      await provisioned(cmd, async (p) => printCredential(io, await p.rotate(`sc/v1/${splitPath(path, 3).join('/')}`), opts.json === true));
    });
  room
    .command('revoke')
    .description('remove the room\'s credentials: it can no longer connect')
    .argument('<country/site/room>')
    .action(async (path: string, _opts: unknown, cmd: Command) => {
      await provisioned(cmd, async (p) => {
        await p.revoke(`sc/v1/${splitPath(path, 3).join('/')}`);
        io.out(`credentials of ${path} revoked\n`);
      });
    });

  const user = fleet.command('user').description('dashboard accounts');
  user
    .command('add')
    .description('add an account; the password is read from SC_NEW_PASSWORD')
    .argument('<username>')
    .requiredOption('--role <role>', `one of ${ROLES.join(', ')}`)
    .option('--site <country/site...>', 'sites of a technician')
    .action(async (username: string, opts: { role: string; site?: string[] }, cmd: Command) => {
      if (!(ROLES as readonly string[]).includes(opts.role)) throw new ScError('SC_ERR_USAGE', { detail: `--role must be one of ${ROLES.join(', ')}` });
      const password = io.env.SC_NEW_PASSWORD;
      // Never on the command line, where `ps` and shell history would keep it.
      if (password === undefined || password === '') throw new ScError('SC_ERR_USAGE', { detail: 'set the new password in the environment variable SC_NEW_PASSWORD' });
      const { settings } = loadFleetConfig(io, configOf(cmd));
      await withStore(settings, async (store) => {
        const created = await new UserService({ repo: store.users }).add({ username, password, role: opts.role as Role, sites: opts.site ?? [] });
        io.out(`user ${created.username} (${created.role}) added\n`);
      });
    });

  fleet
    .command('export-acl')
    .description('write the password and ACL files that enforce the fleet\'s rules on an external broker')
    .requiredOption('--format <format>', 'mosquitto')
    .option('--out <dir>', 'where to write the files', '.')
    .action(async (opts: { format: string; out: string }, cmd: Command) => {
      if (opts.format !== 'mosquitto') throw new ScError('SC_ERR_FLEET_EXPORT_FORMAT', { format: opts.format });
      const { config, settings } = loadFleetConfig(io, configOf(cmd));
      const fleetUser = config.broker.username;
      const fleetPassword = config.broker.password;
      if (fleetUser === undefined || fleetPassword === undefined) {
        throw new ScError('SC_ERR_FLEET_CONFIG', { detail: 'export-acl needs broker.username and broker.password: the fleet\'s own account on the broker' });
      }
      const dir = resolve(io.cwd, opts.out);
      mkdirSync(dir, { recursive: true });
      const paths = { passwords: join(dir, 'passwords'), acl: join(dir, 'acl') };
      const credentials = await withStore(settings, (store) => store.rooms.listCredentials());
      const files = mosquittoFiles(credentials, { username: fleetUser, hash: await hashRoomPassword(fleetPassword) }, paths);
      writeFileSync(paths.passwords, files.passwords, { mode: 0o600 });
      chmodSync(paths.passwords, 0o600);
      writeFileSync(paths.acl, files.acl);
      writeFileSync(join(dir, 'mosquitto-fleet.conf'), files.conf);
      io.out(`wrote ${paths.passwords} (${credentials.length} room(s) + ${fleetUser}), ${paths.acl}, ${join(dir, 'mosquitto-fleet.conf')}\n`);
      io.out('Reload Mosquitto (kill -HUP) after each export: new, rotated and revoked rooms take effect then.\n');
    });
}
