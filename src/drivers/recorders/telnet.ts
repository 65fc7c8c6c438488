import type { StreamLink } from '../../transports/stream-link.js';
import { IAC } from './sis-protocol.js';

const WILL = 0xfb;
const WONT = 0xfc;
const DO = 0xfd;
const DONT = 0xfe;

/**
 * The answer to one Telnet option request: refuse everything (DO -> WON'T, WILL -> DON'T),
 * as the companion module does for the SMP 351. WON'T and DON'T need no answer.
 */
export function telnetRefusal(frame: Buffer): Buffer | undefined {
  if (frame.length !== 3 || frame[0] !== IAC) return undefined;
  const [, cmd = 0, option = 0] = frame;
  if (cmd === DO) return Buffer.from([IAC, WONT, option]);
  if (cmd === WILL) return Buffer.from([IAC, DONT, option]);
  return undefined;
}

/**
 * A layer on a TCP stream link: answers the unit's option negotiation so that it does not
 * wait for us. Returns the function that removes it.
 */
export function refuseTelnetOptions(link: StreamLink, onError: (err: unknown) => void): () => void {
  return link.events.on('frame', (frame) => {
    const answer = telnetRefusal(frame);
    if (answer !== undefined) link.write(answer).catch(onError);
  });
}
