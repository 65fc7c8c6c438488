import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestPki {
  dir: string;
  caFile: string;
  serverCert: Buffer;
  serverKey: Buffer;
  clientCertFile: string;
  clientKeyFile: string;
  ca: Buffer;
  remove(): void;
}

/**
 * A throwaway CA, a server certificate for 127.0.0.1 and a client certificate, made with the
 * openssl command (P-256 keys: small, as on a metered link), for TLS tests and benchmarks.
 */
export function makeTestPki(openssl = 'openssl'): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'sc-pki-'));
  const p = (name: string): string => join(dir, name);
  const run = (args: string[]): void => {
    execFileSync(openssl, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  };
  const key = (name: string): void => run(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', p(name)]);
  key('ca.key');
  run(['req', '-x509', '-new', '-key', p('ca.key'), '-subj', '/CN=smart-classroom test CA', '-days', '2', '-out', p('ca.pem')]);
  const issue = (name: string, cn: string, ext: string): void => {
    key(`${name}.key`);
    run(['req', '-new', '-key', p(`${name}.key`), '-subj', `/CN=${cn}`, '-out', p(`${name}.csr`)]);
    writeFileSync(p(`${name}.ext`), ext);
    run(['x509', '-req', '-in', p(`${name}.csr`), '-CA', p('ca.pem'), '-CAkey', p('ca.key'), '-CAcreateserial', '-days', '2', '-extfile', p(`${name}.ext`), '-out', p(`${name}.pem`)]);
  };
  issue('server', '127.0.0.1', 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  issue('client', 'ke-uon-chiromo-lh-1', 'extendedKeyUsage=clientAuth\n');
  // Throwaway material: readable by a broker that drops root privileges (Mosquitto runs as `mosquitto`).
  chmodSync(dir, 0o755);
  for (const f of readdirSync(dir)) chmodSync(join(dir, f), 0o644);
  return {
    dir,
    caFile: p('ca.pem'),
    ca: readFileSync(p('ca.pem')),
    serverCert: readFileSync(p('server.pem')),
    serverKey: readFileSync(p('server.key')),
    clientCertFile: p('client.pem'),
    clientKeyFile: p('client.key'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
