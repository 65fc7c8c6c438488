import { statfs } from 'node:fs/promises';
import type { HealthMessage } from '../../contract/mqtt/index.js';
import type { BudgetMode } from './data-budget.js';

export interface HealthInputs {
  now: number;
  startedAt: number;
  dataDir: string;
  outbox: { depth: number; bytes: number; dropped: number; error?: { code: string; message: string } };
  link: { connects: number; sent: number; received: number; bdSeq: number; budget?: number; mode: BudgetMode };
  commands: { ok: number; refused: number };
}

/** The agent's health message; with data short (`economy`/`critical`) only what the fleet alerts on. */
export async function buildHealth(h: HealthInputs): Promise<HealthMessage> {
  const mem = process.memoryUsage();
  const msg: HealthMessage = {
    ts: h.now,
    uptimeS: Math.round((h.now - h.startedAt) / 1000),
    memory: { rssBytes: mem.rss, heapUsedBytes: mem.heapUsed },
    outbox: { depth: h.outbox.depth, bytes: h.outbox.bytes },
    link: { connects: h.link.connects, bytesSentToday: h.link.sent, bytesReceivedToday: h.link.received, bdSeq: h.link.bdSeq },
  };
  if (h.outbox.dropped > 0) msg.outbox.dropped = h.outbox.dropped;
  if (h.outbox.error !== undefined) msg.outbox.error = h.outbox.error;
  if (h.link.budget !== undefined) {
    msg.link.budgetBytes = h.link.budget;
    msg.link.mode = h.link.mode;
  }
  if (h.link.mode !== 'normal') return msg;
  msg.commands = h.commands;
  try {
    const s = await statfs(h.dataDir);
    msg.disk = { freeBytes: s.bavail * s.bsize, totalBytes: s.blocks * s.bsize };
  } catch {
    // no disk figures this time; the rest of the health still goes
  }
  return msg;
}
