/**
 * Byte links for device drivers. See docs/transports.md.
 *
 *   const link = new StreamLink({ target, device: ctx.id, log: ctx.log, framer });
 *   const queue = new RequestQueue(link, { device: ctx.id, log: ctx.log, timeoutMs: ctx.timeoutMs });
 *   await link.open();                       // first open; reconnects by itself afterwards
 *   const v = await queue.request({ command: 'power query', bytes, awaited: 'power reply', match });
 */
export { parseTarget, describeTarget, type Target } from './target.js';
export type { Connection } from './connection.js';
export { FrameAssembler, FramerTransform, delimiterFramer, rawFramer, hex, fromHex, type Framer, type Scan, type Assembled } from './framing.js';
export { StreamLink, DEFAULT_RECONNECT, type LinkEvents, type LinkStatus, type ReconnectSettings, type StreamLinkOptions } from './stream-link.js';
export { RequestQueue, type Matcher, type Request, type RequestQueueOptions } from './request-queue.js';
export { openSerial } from './serial/connection.js';
export { openTcp } from './tcp/connection.js';
export { listSerialPorts, listFromSysfs, hasProgram, portLabel, type SerialPortInfo, type SerialListResult, type ListOptions } from './serial/list.js';
export { openChannel, type Channel, type ChannelOptions } from './channel.js';
export { REPLY_TIMEOUT_CODES, replyTimeout, isReplyTimeout, type LinkKind } from './timeouts.js';
export { UdpLink, type UdpLinkOptions, type UdpLinkEvents } from './udp.js';
