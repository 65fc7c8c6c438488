import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/cli.js';
import { requireBinary, tempDir } from '../helpers/index.js';

function install(root: string): { code: number; out: string } {
  const run = spawnSync('bash', [join(REPO_ROOT, 'scripts/install-agent.sh'), '--root', root, '--skip-app', '--fleet'], { encoding: 'utf8' });
  return { code: run.status ?? -1, out: `${run.stdout}${run.stderr}` };
}

describe('scripts/install-agent.sh on a throwaway root', () => {
  const root = tempDir('sc-root-');
  afterAll(() => root.remove());

  it('lays down the user, groups, folders, config, units and kiosk autostart', () => {
    const first = install(root.path);
    expect(first.code, first.out).toBe(0);
    const passwd = readFileSync(join(root.path, 'etc/passwd'), 'utf8');
    expect(passwd).toMatch(/^smart-classroom:x:\d+:\d+:[^:]*:\/var\/lib\/smart-classroom:\/usr\/sbin\/nologin$/m);
    const group = readFileSync(join(root.path, 'etc/group'), 'utf8');
    expect(group).toMatch(/^dialout:x:\d+:(.*,)?smart-classroom(,.*)?$/m);
    expect(group).toMatch(/^plugdev:x:\d+:(.*,)?smart-classroom(,.*)?$/m);
    for (const dir of ['etc/smart-classroom', 'var/lib/smart-classroom', 'var/log/smart-classroom', 'var/lib/smart-classroom-fleet']) {
      expect(statSync(join(root.path, dir)).isDirectory()).toBe(true);
    }
    expect(readFileSync(join(root.path, 'etc/smart-classroom/room.yaml'), 'utf8')).toBe(readFileSync(join(REPO_ROOT, 'config/room.example.yaml'), 'utf8'));
    expect(statSync(join(root.path, 'etc/smart-classroom/agent.env')).mode & 0o777).toBe(0o600);
    const unit = readFileSync(join(root.path, 'etc/systemd/system/smart-classroom-agent.service'), 'utf8');
    expect(unit).toMatch(/^Restart=always$/m);
    expect(unit).toMatch(/^SupplementaryGroups=dialout plugdev$/m);
    expect(unit).toMatch(/^ProtectSystem=strict$/m);
    expect(unit).toMatch(/^NoNewPrivileges=yes$/m);
    expect(existsSync(join(root.path, 'etc/systemd/system/smart-classroom-fleet.service'))).toBe(true);
    expect(readFileSync(join(root.path, 'etc/xdg/autostart/smart-classroom-wallpanel.desktop'), 'utf8')).toMatch(/--kiosk .*--app=http:\/\/127\.0\.0\.1:8080\//);
    if (existsSync(join(REPO_ROOT, 'scripts/udev/50-smart-classroom.rules'))) {
      expect(existsSync(join(root.path, 'etc/udev/rules.d/50-smart-classroom.rules'))).toBe(true);
    }
  });

  it('changes nothing when run again, and never overwrites an edited config', () => {
    const roomYaml = join(root.path, 'etc/smart-classroom/room.yaml');
    const edited = `${readFileSync(roomYaml, 'utf8')}# edited on site\n`;
    spawnSync('sh', ['-c', `printf '%s' "$1" > "$2"`, 'sh', edited, roomYaml]);
    const passwdBefore = readFileSync(join(root.path, 'etc/passwd'), 'utf8');
    const second = install(root.path);
    expect(second.code, second.out).toBe(0);
    expect(second.out).toContain('nothing to change: already installed');
    expect(readFileSync(roomYaml, 'utf8')).toBe(edited);
    expect(readFileSync(join(root.path, 'etc/passwd'), 'utf8')).toBe(passwdBefore);
  });

  it('ships systemd units that systemd-analyze accepts without warnings', () => {
    const analyze = requireBinary('systemd-analyze', 'systemd');
    for (const unit of ['smart-classroom-agent.service', 'smart-classroom-fleet.service']) {
      const run = spawnSync(analyze, ['verify', join(REPO_ROOT, 'scripts/systemd', unit)], { encoding: 'utf8' });
      expect(`${run.stdout}${run.stderr}`.trim(), unit).toBe('');
    }
  });

  it('refuses unknown options with exit code 2', () => {
    const run = spawnSync('bash', [join(REPO_ROOT, 'scripts/install-agent.sh'), '--frobnicate'], { encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/unknown option --frobnicate/);
  });
});
