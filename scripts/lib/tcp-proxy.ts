import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy on 127.0.0.1 for link experiments, in one of three modes:
 * - `forward`: bytes pass as they come;
 * - delay (`setDelay(ms)`): each chunk is held `ms` in each direction (ms = half the added round trip);
 * - `silent`: bytes are swallowed in both directions, sockets stay open, like a mobile link gone
 *   dead without a FIN or RST reaching either end;
 * - `refuse`: new connections are closed at once (a broker that is down), open ones are left alone.
 * It counts the bytes it carries in each direction, which the bandwidth benchmark reports.
 */
export type ProxyMode = 'forward' | 'silent' | 'refuse';

export interface TcpProxy {
  port: number;
  url(scheme?: string): string;
  setMode(mode: ProxyMode): void;
  setDelay(ms: number): void;
  /** Closes every open connection (the listener stays). */
  dropConnections(): void;
  readonly connections: number;
  readonly bytesUp: number;
  readonly bytesDown: number;
  close(): Promise<void>;
}

interface Pair {
  client: Socket;
  upstream: Socket;
}

export async function startTcpProxy(target: { host?: string; port: number }, options: { delayMs?: number; port?: number } = {}): Promise<TcpProxy> {
  let mode: ProxyMode = 'forward';
  let delay = options.delayMs ?? 0;
  let up = 0;
  let down = 0;
  const pairs = new Set<Pair>();

  const pipe = (from: Socket, to: Socket, count: (n: number) => void): void => {
    // Chunks keep their order: each waits for its own release time, which never decreases.
    let lastRelease = 0;
    from.on('data', (chunk: Buffer) => {
      if (mode !== 'forward') return;
      count(chunk.length);
      if (delay <= 0) {
        if (!to.destroyed) to.write(chunk);
        return;
      }
      const release = Math.max(Date.now() + delay, lastRelease);
      lastRelease = release;
      setTimeout(() => {
        if (!to.destroyed) to.write(chunk);
      }, release - Date.now());
    });
  };

  const server: Server = createServer((client) => {
    if (mode === 'refuse') {
      client.destroy();
      return;
    }
    client.setNoDelay(true);
    const upstream = connect({ host: target.host ?? '127.0.0.1', port: target.port });
    upstream.setNoDelay(true);
    const pair = { client, upstream };
    pairs.add(pair);
    pipe(client, upstream, (n) => (up += n));
    pipe(upstream, client, (n) => (down += n));
    const end = (): void => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    // A silent link tells the client nothing, not even that the broker gave up on it.
    const upstreamGone = (): void => {
      if (mode === 'silent') upstream.destroy();
      else end();
    };
    client.on('error', end);
    client.on('close', end);
    upstream.on('error', upstreamGone);
    upstream.on('close', upstreamGone);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: (scheme = 'mqtt') => `${scheme}://127.0.0.1:${port}`,
    setMode: (m) => (mode = m),
    setDelay: (ms) => (delay = ms),
    dropConnections: () => {
      for (const p of [...pairs]) {
        p.client.destroy();
        p.upstream.destroy();
      }
    },
    get connections() {
      return pairs.size;
    },
    get bytesUp() {
      return up;
    },
    get bytesDown() {
      return down;
    },
    close: async () => {
      for (const p of [...pairs]) {
        p.client.destroy();
        p.upstream.destroy();
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
