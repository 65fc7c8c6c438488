/**
 * Watches the bytes of one MQTT connection and says when a packet announces more than the
 * limit. aedes buffers a whole packet before any handler sees it, so without this a client
 * (even one that never authenticates) could make the broker hold hundreds of megabytes.
 * The cost is a few comparisons per packet: it only reads fixed headers and skips bodies.
 */
export class MqttFrameGuard {
  private inBody = false;
  private inLength = false;
  private remaining = 0;
  private length = 0;
  private multiplier = 1;
  private lengthBytes = 0;

  constructor(private readonly maxPacketBytes: number) {}

  /** False when the stream must be closed: an oversize packet or a malformed length. */
  check(chunk: Buffer): boolean {
    let i = 0;
    while (i < chunk.length) {
      if (this.inBody) {
        const take = Math.min(this.remaining, chunk.length - i);
        i += take;
        this.remaining -= take;
        if (this.remaining === 0) this.inBody = false;
        continue;
      }
      if (!this.inLength) {
        // fixed header byte: packet type and flags
        i++;
        this.inLength = true;
        this.length = 0;
        this.multiplier = 1;
        this.lengthBytes = 0;
        continue;
      }
      const byte = chunk[i++] ?? 0;
      this.length += (byte & 0x7f) * this.multiplier;
      this.multiplier *= 128;
      this.lengthBytes++;
      if ((byte & 0x80) !== 0) {
        if (this.lengthBytes >= 4) return false;
        continue;
      }
      this.inLength = false;
      if (this.length > this.maxPacketBytes) return false;
      this.remaining = this.length;
      this.inBody = this.remaining > 0;
    }
    return true;
  }
}
