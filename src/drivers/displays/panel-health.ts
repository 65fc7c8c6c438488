import type { Logger } from 'pino';
import { isScError, messageOf } from '../../core/errors/index.js';
import type { DeviceHealth, DeviceState } from '../state.js';
import type { PanelHealthFact, PanelHealthRead } from './panel-protocol.js';

/**
 * The slow poll of a panel's health facts: at most one read per state poll, so a teacher's
 * command never waits behind a batch of them (NEC allows one packet every 600 ms). Serial,
 * model and firmware are read once per connection; hours and temperature every `intervalMs`.
 * A fact the model refuses (NAK) is not asked again until the next connection.
 */
export class PanelHealthReader {
  private readonly lastRead = new Map<PanelHealthFact, number>();
  private readonly unsupported = new Set<PanelHealthFact>();
  private facts: DeviceHealth = {};

  constructor(
    private readonly reads: readonly PanelHealthRead[],
    private readonly intervalMs: number,
    private readonly log: Logger,
  ) {}

  /** After a (re)connection: the panel may have been swapped, read everything again. */
  reset(): void {
    this.lastRead.clear();
    this.unsupported.clear();
  }

  private due(now: number): PanelHealthRead | undefined {
    return this.reads.find((r) => {
      if (this.unsupported.has(r.fact)) return false;
      const last = this.lastRead.get(r.fact);
      return last === undefined || (!r.once && now - last >= this.intervalMs);
    });
  }

  /** Reads the next fact that is due; the state fields it changed, or undefined when none was due. */
  async step(): Promise<Partial<DeviceState> | undefined> {
    const now = Date.now();
    const read = this.due(now);
    if (read === undefined) return undefined;
    this.lastRead.set(read.fact, now);
    let value: string | number | undefined;
    try {
      value = await read.read();
    } catch (err) {
      if (isScError(err, 'SC_ERR_DEVICE_NAK')) this.unsupported.add(read.fact);
      this.log.debug({ fact: read.fact, err: messageOf(err) }, isScError(err, 'SC_ERR_DEVICE_NAK') ? 'panel does not report this' : 'health fact not read; later');
      return undefined;
    }
    if (value === undefined || value === '' || (typeof value === 'number' && !Number.isFinite(value))) return undefined;
    if (read.fact === 'firmware' || read.fact === 'model') return { [read.fact]: String(value) };
    const facts: DeviceHealth = { ...this.facts, at: now };
    if (read.fact === 'serial') facts.serial = String(value);
    else facts[read.fact] = Number(value);
    this.facts = facts;
    return { health: facts };
  }
}
