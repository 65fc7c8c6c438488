import { Socket } from 'node:net';
import { ScError } from '../../core/errors/index.js';
import type { Target } from '../target.js';
import { EndOnce, type Connection } from '../connection.js';

type TcpTarget = Extract<Target, { kind: 'tcp' }>;

class TcpConnection implements Connection {
  readonly kind = 'tcp' as const;
  private readonly end = new EndOnce();

  constructor(private readonly socket: Socket) {
    socket.on('error', (err) => this.end.fire(`socket error: ${err.message}`, err));
    socket.on('end', () => this.end.fire('the device closed the connection'));
    socket.on('close', () => this.end.fire('connection closed'));
  }

  onData(listener: (chunk: Buffer) => void): void {
    this.socket.on('data', listener);
  }

  onEnd(listener: (reason: string, cause?: unknown) => void): void {
    this.end.set(listener);
  }

  write(data: Buffer): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.end.done || this.socket.destroyed) {
        reject(new Error('socket is closed'));
        return;
      }
      this.socket.write(data, (err) => {
        if (err) {
          this.end.fire(`write failed: ${err.message}`, err);
          reject(err);
        } else resolve();
      });
    });
  }

  close(): Promise<void> {
    this.end.silence();
    this.socket.removeAllListeners('data');
    return new Promise((resolve) => {
      if (this.socket.destroyed) {
        resolve();
        return;
      }
      this.socket.once('close', () => resolve());
      this.socket.destroy();
    });
  }
}

/** Connects with a timeout; errors are SC_ERR_TCP_CONNECT naming host, port and the reason. */
export function openTcp(target: TcpTarget, connectTimeoutMs: number): Promise<Connection> {
  return new Promise((resolve, reject) => {
    const socket = new Socket();
    const fail = (reason: string, cause?: unknown): void => {
      clearTimeout(timer);
      socket.destroy();
      reject(new ScError('SC_ERR_TCP_CONNECT', { host: target.host, port: target.port, reason }, { cause }));
    };
    const timer = setTimeout(() => fail(`no answer within ${connectTimeoutMs} ms`), connectTimeoutMs);
    socket.once('error', (err: NodeJS.ErrnoException) => fail(err.code === 'ECONNREFUSED' ? 'connection refused (control port closed or device rebooting)' : err.message, err));
    socket.connect({ host: target.host, port: target.port }, () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      // Control protocols send small frames and wait for the answer: never batch them.
      socket.setNoDelay(true);
      socket.setKeepAlive(true, 10_000);
      resolve(new TcpConnection(socket));
    });
  });
}
