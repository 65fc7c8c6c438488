import { createServer } from 'node:http';
import { ScError } from '../../../core/errors/index.js';
import type { ViscaCameraSim } from './camera.js';
import type { Endpoint } from './servers.js';

/**
 * Switches while the simulator runs, over HTTP on 127.0.0.1 (the VISCA ports carry only VISCA):
 * `POST /simulator/drop/N`, `/simulator/garbage/{on|off}`, `/simulator/silent/{on|off}`,
 * `/simulator/power/{on|off}`, `GET /simulator/state`.
 */
export async function listenControl(camera: ViscaCameraSim, host: string, port: number): Promise<Endpoint> {
  const server = createServer((req, res) => {
    const parts = (req.url ?? '').split('?')[0]?.split('/').filter((p) => p !== '') ?? [];
    const answer = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(`${JSON.stringify(body)}\n`);
    };
    if (parts[0] !== 'simulator') return answer(404, { error: 'not found' });
    if (req.method === 'GET' && parts[1] === 'state') return answer(200, camera.snapshot());
    if (req.method !== 'POST') return answer(405, { error: 'use POST' });
    const [, what, value = ''] = parts;
    const on = value === 'on' || value === 'true' || value === '1';
    if (what === 'drop' && /^\d+$/.test(value)) camera.switches.dropNext = Number(value);
    else if (what === 'garbage') camera.switches.garbage = on;
    else if (what === 'silent') camera.switches.silent = on;
    else if (what === 'power') camera.power = on;
    else return answer(400, { error: 'expected drop/N, garbage/on|off, silent/on|off or power/on|off' });
    return answer(200, camera.switches);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err) => reject(new ScError('SC_ERR_USAGE', { detail: `cannot listen on http ${host}:${port}: ${err.message}` })));
    server.listen(port, host, () => resolve());
  });
  const addr = server.address();
  const bound = typeof addr === 'object' && addr !== null ? addr.port : port;
  return {
    target: `http://${host}:${bound}/simulator/state`,
    stop: async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      server.removeAllListeners();
    },
  };
}
