import type { Logger } from 'pino';
import type { Framer } from './framing.js';
import { RequestQueue } from './request-queue.js';
import { StreamLink, type ReconnectSettings } from './stream-link.js';
import type { Target } from './target.js';

export interface ChannelOptions {
  target: Target;
  device: string;
  log: Logger;
  framer: Framer;
  timeoutMs: number;
  minGapMs?: number;
  connectTimeoutMs?: number;
  reconnect?: ReconnectSettings;
  dropAfterTimeouts?: number;
}

/** A link and its request queue, created and closed together: what most drivers need. */
export interface Channel {
  link: StreamLink;
  queue: RequestQueue;
  close(): Promise<void>;
}

export function openChannel(options: ChannelOptions): Channel {
  const link = new StreamLink({
    target: options.target,
    device: options.device,
    log: options.log,
    framer: options.framer,
    ...(options.connectTimeoutMs === undefined ? {} : { connectTimeoutMs: options.connectTimeoutMs }),
    ...(options.reconnect === undefined ? {} : { reconnect: options.reconnect }),
  });
  const queue = new RequestQueue(link, {
    device: options.device,
    log: options.log,
    timeoutMs: options.timeoutMs,
    dropAfterTimeouts: options.dropAfterTimeouts ?? 2,
    ...(options.minGapMs === undefined ? {} : { minGapMs: options.minGapMs }),
  });
  return {
    link,
    queue,
    close: async () => {
      queue.close();
      await link.close();
    },
  };
}
