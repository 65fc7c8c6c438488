import { randomUUID } from 'node:crypto';
import type { BirthMessage, EventMessage, HealthMessage, SessionMessage } from '../../src/contract/mqtt/index.js';

/** Contract payloads as an agent sends them. */
export function eventMsg(seq: number, over: Partial<EventMessage> = {}): EventMessage {
  return { id: `ev-${randomUUID()}`, seq, bdSeq: 1, ts: Date.now(), type: 'scene.step', ...over };
}

export function sessionMsg(state: SessionMessage['state'], since: number, over: Partial<SessionMessage> = {}): SessionMessage {
  return { state, since, by: { kind: 'wall-panel' }, scene: 'start-class', ...over };
}

export function healthMsg(ts: number, over: Partial<HealthMessage> = {}): HealthMessage {
  return {
    ts,
    uptimeS: 100,
    memory: { rssBytes: 50e6, heapUsedBytes: 20e6 },
    disk: { freeBytes: 50e9, totalBytes: 100e9 },
    outbox: { depth: 0, bytes: 0 },
    link: { connects: 1, bytesSentToday: 1000, bytesReceivedToday: 500 },
    ...over,
  };
}

export function birthMsg(bdSeq: number, ts: number): BirthMessage {
  return {
    bdSeq,
    ts,
    version: '0.1.0',
    room: { name: 'Lecture hall 1', timezone: 'Africa/Nairobi' },
    devices: [
      { id: 'panel', driver: 'samsung-mdc', capabilities: ['power', 'input'], state: { status: 'online', power: 'on' } },
      { id: 'recorder', driver: 'extron-smp351', capabilities: ['recorder'], state: { status: 'online', recorder: { activity: 'stopped' } } },
    ],
    scenes: [{ id: 'start-class' }, { id: 'end-class' }],
    session: sessionMsg('idle', ts - 1000),
    remoteAllow: ['session.start', 'session.end', 'scene.run', 'rebirth'],
  };
}

export const json = (v: unknown): Buffer => Buffer.from(JSON.stringify(v));
