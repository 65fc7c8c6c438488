import type { LiveMessageDto } from './types.js';

/**
 * The dashboard's one live connection (server-sent events). EventSource reconnects by itself;
 * after a reconnect the caller reloads the snapshot, since messages in between are lost.
 */
export class LiveConnection {
  private source: EventSource | undefined;
  private everOpened = false;

  constructor(
    private readonly url: string,
    private readonly handlers: { message: (m: LiveMessageDto) => void; open: (reconnected: boolean) => void; down: () => void },
  ) {}

  start(): void {
    if (this.source !== undefined) return;
    const source = new EventSource(this.url, { withCredentials: true });
    this.source = source;
    source.onopen = () => {
      this.handlers.open(this.everOpened);
      this.everOpened = true;
    };
    source.onerror = () => this.handlers.down();
    source.onmessage = (e: MessageEvent<string>) => {
      let msg: LiveMessageDto;
      try {
        msg = JSON.parse(e.data) as LiveMessageDto;
      } catch {
        return;
      }
      this.handlers.message(msg);
    };
  }

  stop(): void {
    this.source?.close();
    this.source = undefined;
  }
}
