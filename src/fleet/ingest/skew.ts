/**
 * The agent's clock offset, estimated like NTP's minimum-delay filter: each live message gives
 * `agentTs - receivedAt = skew - transit`, and transit is never negative, so the largest of
 * the recent samples is the closest to the true skew.
 */
const WINDOW = 16;

export class SkewEstimator {
  private readonly samples = new Map<string, number[]>();

  sample(root: string, agentTs: number, receivedAt: number): number {
    let list = this.samples.get(root);
    if (list === undefined) this.samples.set(root, (list = []));
    list.push(agentTs - receivedAt);
    if (list.length > WINDOW) list.shift();
    return this.estimate(root);
  }

  /** 0 until the room sent a live message. */
  estimate(root: string): number {
    const list = this.samples.get(root);
    if (list === undefined || list.length === 0) return 0;
    let best = -Infinity;
    for (const s of list) if (s > best) best = s;
    return best;
  }

  forget(root: string): void {
    this.samples.delete(root);
  }
}
