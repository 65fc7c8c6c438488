import { afterEach, describe, expect, it } from 'vitest';
import { isScError } from '../../../src/core/errors/index.js';
import { visca } from '../../../src/drivers/cameras/visca/codec.js';
import { IpPort } from '../../../src/drivers/cameras/visca/ip-port.js';
import { parseTarget } from '../../../src/transports/index.js';
import { ScriptedUdpCamera, log } from './visca-helpers.js';

const RESET = '02 00 00 01 00 00 00 00 01';
const POWER_ON_SEQ1 = '01 00 00 06 00 00 00 01 81 01 04 00 02 FF';
const POWER_INQ_SEQ2 = '01 10 00 05 00 00 00 02 81 09 04 00 FF';
const ACK_SEQ1 = '01 11 00 03 00 00 00 01 90 41 FF';
const DONE_SEQ1 = '01 11 00 03 00 00 00 01 90 51 FF';

const powerOn = { command: 'power on', bytes: visca.powerOn(), kind: 'command' as const };
const powerInq = { command: 'power inquiry', bytes: visca.powerInquiry(), kind: 'inquiry' as const, replyLength: 1 };

describe('VISCA over UDP: scripted camera, exact bytes (visca.md section 6.2)', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c();
  });

  async function setup(options: { header?: boolean; retries?: number; replyTimeoutMs?: number; completionTimeoutMs?: number } = {}) {
    const cam = await new ScriptedUdpCamera().start();
    cleanup.push(() => cam.stop());
    const port = new IpPort({
      target: parseTarget(`udp://127.0.0.1:${cam.port}`),
      device: 'cam1',
      log,
      header: options.header ?? true,
      replyTimeoutMs: options.replyTimeoutMs ?? 300,
      completionTimeoutMs: options.completionTimeoutMs ?? 2000,
      retries: options.retries ?? 2,
    });
    cleanup.push(() => port.close());
    return { cam, port };
  }

  it('resets the sequence on open, then sends the worked frames and matches ACK and completion by sequence', async () => {
    const { cam, port } = await setup();
    await port.open();
    await cam.expect(RESET);
    cam.reply('02 01 00 01 00 00 00 00 01');
    const on = port.exchange(powerOn);
    await cam.expect(POWER_ON_SEQ1);
    // A stale completion for another sequence number must not finish this command.
    cam.reply('01 11 00 03 00 00 00 09 90 51 FF', ACK_SEQ1, DONE_SEQ1);
    expect((await on).length).toBe(0);
    const inq = port.exchange(powerInq);
    await cam.expect(POWER_INQ_SEQ2);
    cam.reply('01 11 00 04 00 00 00 02 90 50 02 FF');
    expect([...(await inq)]).toEqual([0x02]);
  });

  it('answers a sequence-error control reply (0F 01) with the reset message and sends the command again from 1', async () => {
    const { cam, port } = await setup();
    await port.open();
    await cam.expect(RESET);
    // Move the counter on, so the resend after the reset is visibly sequence 1 again.
    const inq = port.exchange(powerInq);
    await cam.expect('01 10 00 05 00 00 00 01 81 09 04 00 FF');
    cam.reply('01 11 00 04 00 00 00 01 90 50 03 FF');
    await inq;
    const on = port.exchange(powerOn);
    await cam.expect('01 00 00 06 00 00 00 02 81 01 04 00 02 FF');
    cam.reply('02 01 00 02 00 00 00 02 0F 01');
    await cam.expect(RESET);
    await cam.expect(POWER_ON_SEQ1);
    cam.reply(ACK_SEQ1, DONE_SEQ1);
    await on;
  });

  it('gives up with SC_ERR_VISCA_SEQUENCE when the sequence error comes back after the reset', async () => {
    const { cam, port } = await setup();
    await port.open();
    await cam.expect(RESET);
    const on = port.exchange(powerOn).catch((e: unknown) => e);
    await cam.expect(POWER_ON_SEQ1);
    cam.reply('02 01 00 02 00 00 00 01 0F 01');
    await cam.expect(RESET);
    await cam.expect(POWER_ON_SEQ1);
    cam.reply('02 01 00 02 00 00 00 01 0F 01');
    const err = await on;
    expect(isScError(err, 'SC_ERR_VISCA_SEQUENCE')).toBe(true);
    expect(String(err)).toMatch(/cam1: power on refused with a VISCA-over-IP sequence error even after a sequence reset/);
  });

  it('a message-error control reply (0F 02) ends the command at once with a coded error, and the port stays usable', async () => {
    // Long timeouts and no retries: waiting for an ACK that never comes would fail this test by its own timeout.
    const { cam, port } = await setup({ retries: 0, replyTimeoutMs: 15_000, completionTimeoutMs: 15_000 });
    await port.open();
    await cam.expect(RESET);
    const on = port.exchange({ command: 'power on', bytes: Buffer.from([0x81, 0x01, 0x04, 0x00, 0x02, 0xff]), kind: 'command' }).catch((e: unknown) => e);
    await cam.expect(POWER_ON_SEQ1);
    // A message error for an older sequence is not ours; the one for sequence 1 is (visca.md 6.2).
    cam.reply('02 01 00 02 00 00 00 07 0F 02', '02 01 00 02 00 00 00 01 0F 02');
    const err = await on;
    expect(isScError(err, 'SC_ERR_VISCA_MESSAGE_ERROR')).toBe(true);
    expect(String(err)).toMatch(/cam1: power on refused with a VISCA-over-IP message error \(control reply 0F 02, sequence 1\) for 01 00 00 06 00 00 00 01 81 01 04 00 02 FF/);
    const inq = port.exchange(powerInq);
    await cam.expect(POWER_INQ_SEQ2);
    cam.reply('01 11 00 04 00 00 00 02 90 50 02 FF');
    expect([...(await inq)]).toEqual([0x02]);
    expect(cam.inbox.all.length).toBe(3);
  });

  it('retransmits the same datagram (same sequence number) after a lost reply', async () => {
    const { cam, port } = await setup();
    await port.open();
    await cam.expect(RESET);
    const inq = port.exchange(powerInq);
    await cam.expect('01 10 00 05 00 00 00 01 81 09 04 00 FF');
    // No reply: the driver must send exactly the same bytes again.
    await cam.expect('01 10 00 05 00 00 00 01 81 09 04 00 FF');
    cam.reply('01 11 00 04 00 00 00 01 90 50 02 FF');
    expect([...(await inq)]).toEqual([0x02]);
  });

  it('times out after the retries with an error naming the command, the awaited reply and the sequence', async () => {
    const { cam, port } = await setup({ retries: 1, replyTimeoutMs: 150 });
    await port.open();
    await cam.expect(RESET);
    const err: unknown = await port.exchange(powerOn).catch((e: unknown) => e);
    expect(isScError(err, 'SC_ERR_UDP_TIMEOUT')).toBe(true);
    expect((err as { hint?: string }).hint).toMatch(/UDP/);
    expect(String(err)).toMatch(/cam1: no reply to power on within 150 ms \(waited for ACK \(90 4y FF\) to 81 01 04 00 02 FF, sequence 1, sent 2 times/);
    await cam.expect(POWER_ON_SEQ1);
    await cam.expect(POWER_ON_SEQ1);
  });

  it('does not resend a command the camera ACKed, and names the missing completion', async () => {
    const { cam, port: slow } = await setup({ completionTimeoutMs: 200 });
    await slow.open();
    await cam.expect(RESET);
    const on = slow.exchange(powerOn).catch((e: unknown) => e);
    await cam.expect(POWER_ON_SEQ1);
    cam.reply(ACK_SEQ1);
    const err = await on;
    expect(String(err)).toMatch(/no reply to power on within 200 ms \(waited for completion \(90 51 FF\) in socket 1; ACK was received, sequence 1, sent 1 time\)/);
    expect(cam.inbox.all.length).toBe(2);
  });

  it('turns error replies into distinct coded refusals and stays usable', async () => {
    const { cam, port } = await setup();
    await port.open();
    await cam.expect(RESET);
    const a = port.exchange(powerOn).catch((e: unknown) => e);
    await cam.expect(POWER_ON_SEQ1);
    cam.reply('01 11 00 04 00 00 00 01 90 60 02 FF');
    expect(isScError(await a, 'SC_ERR_VISCA_SYNTAX')).toBe(true);
    const home = port.exchange({ command: 'home', bytes: visca.home(), kind: 'command' }).catch((e: unknown) => e);
    await cam.expect('01 00 00 05 00 00 00 02 81 01 06 04 FF');
    cam.reply('01 11 00 03 00 00 00 02 90 42 FF', '01 11 00 04 00 00 00 02 90 62 41 FF');
    const refused = await home;
    expect(isScError(refused, 'SC_ERR_VISCA_NOT_EXECUTABLE')).toBe(true);
    expect(String(refused)).toMatch(/cam1 refused home: VISCA command not executable/);
    const full = port.exchange({ command: 'zoom stop', bytes: visca.zoomStop(), kind: 'command' }).catch((e: unknown) => e);
    await cam.expect('01 00 00 06 00 00 00 03 81 01 04 07 00 FF');
    cam.reply('01 11 00 04 00 00 00 03 90 60 03 FF');
    expect(isScError(await full, 'SC_ERR_VISCA_BUFFER_FULL')).toBe(true);
    const inq = port.exchange(powerInq);
    await cam.expect('01 10 00 05 00 00 00 04 81 09 04 00 FF');
    cam.reply('01 11 00 04 00 00 00 04 90 50 02 FF');
    expect([...(await inq)]).toEqual([0x02]);
  });

  it('survives garbage datagrams, short datagrams and wrong length fields', async () => {
    const { cam, port } = await setup();
    await port.open();
    await cam.expect(RESET);
    const on = port.exchange(powerOn);
    await cam.expect(POWER_ON_SEQ1);
    cam.reply('00', 'FF FF FF FF FF FF FF FF FF FF', '01 11 00 09 00 00 00 01 90 41 FF', '13 37', ACK_SEQ1, DONE_SEQ1);
    await on;
  });

  it('speaks raw VISCA on UDP when the header is off, resynchronising inside a datagram', async () => {
    const { cam, port } = await setup({ header: false });
    await port.open();
    const on = port.exchange(powerOn);
    await cam.expect('81 01 04 00 02 FF');
    cam.reply('00 13 FF 90 41 FF 90 51 FF');
    await on;
    const inq = port.exchange(powerInq);
    await cam.expect('81 09 04 00 FF');
    // No answer: the same raw message again.
    await cam.expect('81 09 04 00 FF');
    cam.reply('90 50 03 FF');
    expect([...(await inq)]).toEqual([0x03]);
  });
});
