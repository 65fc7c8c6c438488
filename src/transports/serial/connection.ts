import { SerialPort } from 'serialport';
import { ScError, messageOf } from '../../core/errors/index.js';
import type { Target } from '../target.js';
import { EndOnce, type Connection } from '../connection.js';

type SerialTarget = Extract<Target, { kind: 'serial' }>;

function openError(target: SerialTarget, err: unknown): ScError {
  const text = messageOf(err);
  if (/EACCES|permission denied/i.test(text)) return new ScError('SC_ERR_SERIAL_PERMISSION', { path: target.path }, { cause: err });
  const reason = /ENOENT|no such file/i.test(text) ? 'no such port (unplugged, or a wrong name)' : text;
  return new ScError('SC_ERR_SERIAL_OPEN', { path: target.path, reason }, { cause: err });
}

class SerialConnection implements Connection {
  readonly kind = 'serial' as const;
  private readonly end = new EndOnce();

  constructor(private readonly port: SerialPort) {
    port.on('close', (err: unknown) => this.end.fire(err === null || err === undefined ? 'port closed' : `port closed: ${messageOf(err)}`, err));
    port.on('error', (err: Error) => this.end.fire(`port error: ${err.message}`, err));
  }

  onData(listener: (chunk: Buffer) => void): void {
    this.port.on('data', listener);
  }

  onEnd(listener: (reason: string, cause?: unknown) => void): void {
    this.end.set(listener);
  }

  write(data: Buffer): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.end.done || !this.port.isOpen) {
        reject(new Error('port is not open'));
        return;
      }
      // drain: resolve once the bytes left the process, so a hang-up (EIO) fails this write.
      this.port.write(data, (err) => {
        if (err) {
          this.end.fire(`write failed: ${err.message}`, err);
          reject(err);
          return;
        }
        this.port.drain((e) => {
          if (e) {
            this.end.fire(`write failed: ${e.message}`, e);
            reject(e);
          } else resolve();
        });
      });
    });
  }

  close(): Promise<void> {
    this.end.silence();
    this.port.removeAllListeners('data');
    return new Promise((resolve) => {
      if (!this.port.isOpen) {
        resolve();
        return;
      }
      this.port.close(() => resolve());
    });
  }
}

/** Opens a serial port with the target's settings; errors are SC_ERR_SERIAL_OPEN / _PERMISSION. */
export function openSerial(target: SerialTarget): Promise<Connection> {
  return new Promise((resolve, reject) => {
    let port: SerialPort;
    try {
      port = new SerialPort({
        path: target.path,
        baudRate: target.baudRate,
        dataBits: target.dataBits,
        stopBits: target.stopBits,
        parity: target.parity,
        rtscts: target.rtscts,
        autoOpen: false,
      });
    } catch (err) {
      reject(openError(target, err));
      return;
    }
    // Errors before open completes are reported through the open callback.
    port.on('error', () => undefined);
    port.open((err) => {
      if (err) reject(openError(target, err));
      else resolve(new SerialConnection(port));
    });
  });
}
