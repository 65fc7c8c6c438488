import { execFile } from 'node:child_process';
import { statfs } from 'node:fs/promises';
import { hasProgram } from '../../transports/index.js';
import { fail, ok, skip, warn, type Check } from './types.js';

function run(cmd: string, args: string[], timeoutMs: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile(cmd, args, { timeout: timeoutMs, encoding: 'utf8' }, (err, stdout) => resolve(err ? undefined : stdout));
  });
}

export const nodeVersion: Check = {
  id: 'node',
  title: 'Node.js version',
  async run() {
    const major = Number(process.versions.node.split('.')[0]);
    return major >= 20
      ? ok(`Node.js ${process.versions.node}`)
      : fail(`Node.js ${process.versions.node} is too old`, 'Install Node.js 20 or newer (Debian 12: from NodeSource), then restart the service.');
  },
};

export const udevadm: Check = {
  id: 'udevadm',
  title: 'udevadm (serial port details)',
  async run() {
    return hasProgram('udevadm')
      ? ok('udevadm is installed')
      : warn('udevadm is missing: serial ports are listed from /dev/serial/by-id and /sys/class/tty instead, without vendor details', 'apt-get install -y udev');
  },
};

export const diskSpace: Check = {
  id: 'disk',
  title: 'Disk space for the outbox and logs',
  async run(ctx) {
    const dir = ctx.config?.value.dataDir ?? '/var/lib/smart-classroom';
    let stats;
    try {
      stats = await statfs(dir);
    } catch {
      try {
        stats = await statfs('/');
      } catch {
        return skip(`cannot read the free space of ${dir}`);
      }
    }
    const free = stats.bavail * stats.bsize;
    const total = stats.blocks * stats.bsize;
    const pct = total === 0 ? 100 : (free / total) * 100;
    const text = `${(free / 2 ** 30).toFixed(1)} GiB free of ${(total / 2 ** 30).toFixed(1)} GiB (${pct.toFixed(0)}%) for ${dir}`;
    if (free < 256 * 2 ** 20 || pct < 5) return fail(text, 'Free disk space: events wait in the outbox while the link is down and need room.');
    if (pct < 10) return warn(text, 'Free some disk space soon (old logs, downloads).');
    return ok(text);
  },
};

export const clockSync: Check = {
  id: 'clock',
  title: 'Clock synchronised (NTP)',
  async run(ctx) {
    if (!hasProgram('timedatectl')) return skip('timedatectl is not available to ask whether NTP is synchronised');
    const out = await run('timedatectl', ['show', '-p', 'NTPSynchronized', '--value'], ctx.timeoutMs);
    if (out === undefined) return skip('timedatectl did not answer (no systemd here?)');
    return out.trim() === 'yes'
      ? ok('the system clock is synchronised by NTP')
      : warn('the system clock is not synchronised: class start times and event timestamps may drift', 'Enable NTP: timedatectl set-ntp true (and allow UDP 123 or set a local NTP server).');
  },
};
