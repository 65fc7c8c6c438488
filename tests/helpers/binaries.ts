import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * The path of a program a test needs. A missing one fails the test with the Debian package
 * to install: never a silent skip.
 */
export function requireBinary(name: string, debianPackage: string): string {
  for (const dir of ['/usr/bin', '/usr/sbin', '/usr/local/bin', '/bin', '/sbin']) {
    if (existsSync(`${dir}/${name}`)) return `${dir}/${name}`;
  }
  try {
    const found = execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim();
    if (found !== '') return found;
  } catch {
    // not on PATH either
  }
  throw new Error(`This test needs \`${name}\`, which is not installed. Install it with: apt-get install -y ${debianPackage}`);
}
