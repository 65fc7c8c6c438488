import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/core/logger.js';
import { isSecretKey, redact, redactText } from '../../src/core/secrets.js';

describe('the one redaction', () => {
  it('knows secret keys by their last word, not file paths or flags', () => {
    for (const k of ['password', 'mqttPassword', 'technicianPasswordHash', 'cookieSecret', 'apiKey', 'api_key', 'privateKey', 'token', 'csrfToken', 'pin', 'authorization', 'set-cookie', 'credentials']) {
      expect(isSecretKey(k), k).toBe(true);
    }
    for (const k of ['username', 'key_file', 'password_file', 'keys', 'keepaliveSeconds', 'target', 'url', 'spin', 'monkey']) expect(isSecretKey(k), k).toBe(false);
  });

  it('scrubs user:password@ in URLs (a password with @ in it too), secret query parameters and PINs in text', () => {
    expect(redactText('http://admin:Pa55w0rd@10.0.0.7/onvif/device_service')).toBe('http://admin:[redacted]@10.0.0.7/onvif/device_service');
    expect(redactText('mqtts://room:p@ss@fleet:8883')).toBe('mqtts://room:[redacted]@fleet:8883');
    expect(redactText('https://feed.example/room.ics?token=abc123&room=7')).toBe('https://feed.example/room.ics?token=[redacted]&room=7');
    expect(redactText('GET /unlock?pin=4711 and the panel PIN: 123456')).toBe('GET /unlock?pin=[redacted] and the panel PIN: [redacted]');
    expect(redactText('http://admin@cam/x and 10.0.0.7:8080')).toBe('http://admin@cam/x and 10.0.0.7:8080');
  });

  it('redacts a config deeply: secret values (strings and numbers), URL credentials anywhere, flags kept', () => {
    const out = redact({
      devices: [{ id: 'cam', target: 'http://u:secret-1@cam/x', password: 'secret-2', username: 'u' }],
      uplink: { url: 'mqtt://room:secret-3@fleet:1883', password: 'secret-4', ca_file: '/etc/ca.pem' },
      http: { technicianPasswordHash: 'scrypt$...', secureCookie: false },
      keypad: { pin: 4711 },
    });
    expect(JSON.stringify(out)).not.toMatch(/secret-\d|scrypt|4711/);
    expect(out.uplink.ca_file).toBe('/etc/ca.pem');
    expect(out.http.secureCookie).toBe(false);
    expect(out.devices[0]?.username).toBe('u');
  });

  it('is what the logger uses: child bindings and errors are scrubbed too', () => {
    const chunks: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _enc, cb) {
        chunks.push(chunk.toString());
        cb();
      },
    });
    const log = createLogger({ destination: stream }).child({ target: 'http://admin:bind-secret@cam/x' });
    log.warn({ err: new Error('cannot reach http://admin:err-secret@cam/x'), headers: { authorization: 'Basic abc' }, pin: 1234 }, 'failed');
    const text = chunks.join('');
    for (const s of ['bind-secret', 'err-secret', 'Basic abc', '1234']) expect(text).not.toContain(s);
    expect(text).toContain('cannot reach http://admin:[redacted]@cam/x');
  });
});
