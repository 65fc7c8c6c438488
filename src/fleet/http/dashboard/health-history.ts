import type { HealthPointDto } from '../../../contract/dashboard.js';

/**
 * Recent health points per room, in memory, for the room page's charts. The store keeps only
 * the latest health; this ring keeps the last `capacity` reports per room in one typed array
 * each (32 bytes a point), so 5 000 rooms x 240 points stay under 40 MB and no history
 * survives a restart (the charts start filling again at once: rooms report every few minutes).
 */
export class HealthHistory {
  private readonly rings = new Map<string, { data: Float64Array; next: number; size: number }>();

  constructor(private readonly capacity = 240) {}

  add(root: string, p: HealthPointDto): void {
    let ring = this.rings.get(root);
    if (ring === undefined) this.rings.set(root, (ring = { data: new Float64Array(this.capacity * 4), next: 0, size: 0 }));
    const o = ring.next * 4;
    ring.data[o] = p.ts;
    ring.data[o + 1] = p.rssBytes;
    ring.data[o + 2] = p.outboxDepth;
    ring.data[o + 3] = p.rttMs ?? Number.NaN;
    ring.next = (ring.next + 1) % this.capacity;
    ring.size = Math.min(this.capacity, ring.size + 1);
  }

  /** Oldest first. */
  points(root: string): HealthPointDto[] {
    const ring = this.rings.get(root);
    if (ring === undefined) return [];
    const out: HealthPointDto[] = [];
    const start = (ring.next - ring.size + this.capacity) % this.capacity;
    for (let i = 0; i < ring.size; i++) {
      const o = ((start + i) % this.capacity) * 4;
      const rtt = ring.data[o + 3] ?? Number.NaN;
      out.push({ ts: ring.data[o] ?? 0, rssBytes: ring.data[o + 1] ?? 0, outboxDepth: ring.data[o + 2] ?? 0, rttMs: Number.isNaN(rtt) ? null : rtt });
    }
    return out;
  }

  forget(root: string): void {
    this.rings.delete(root);
  }
}
