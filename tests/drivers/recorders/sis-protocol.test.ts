import { describe, expect, it } from 'vitest';
import { FrameAssembler } from '../../../src/transports/framing.js';
import { cleanMetadata, parseInfTime, parseOverall, parseRecordState, sis, sisError, sisFramer } from '../../../src/drivers/recorders/sis-protocol.js';
import { telnetRefusal } from '../../../src/drivers/recorders/telnet.js';
import { RecorderWatch } from '../../../src/drivers/recorders/watch.js';

describe('SIS encoders (golden frames from recorders.md §1.2)', () => {
  it('encodes the RCDR commands and queries', () => {
    expect(sis.record(1).toString('latin1')).toBe('\x1bY1RCDR\r');
    expect(sis.record(0).toString('latin1')).toBe('\x1bY0RCDR\r');
    expect(sis.record(2).toString('latin1')).toBe('\x1bY2RCDR\r');
    expect(sis.recordQuery().toString('latin1')).toBe('\x1bYRCDR\r');
    expect(sis.chapter().toString('latin1')).toBe('\x1bBRCDR\r');
    expect(sis.extend(15).toString('latin1')).toBe('\x1bE15RCDR\r');
    expect(sis.setMetadata(13, 'Physics 101').toString('latin1')).toBe('\x1bM13*Physics 101RCDR\r');
    expect(sis.verbose3().toString('latin1')).toBe('\x1b3CV\r');
    expect(sis.elapsed().toString('latin1')).toBe('35I\r');
  });
});

describe('SIS decoders', () => {
  it('reads record state, times and the I reply, verbose or terse', () => {
    expect(parseRecordState('RcdrY1')).toBe('recording');
    expect(parseRecordState('2')).toBe('paused');
    expect(parseRecordState('RcdrY7')).toBeUndefined();
    expect(parseInfTime('Inf35*01:02:03', 35)).toBe(3723);
    expect(parseInfTime('00:00:10', 36)).toBe(10);
    expect(parseInfTime('Inf36*00:00:10', 35)).toBeUndefined();
    expect(parseOverall('1*2*1*internal*1048576*00:10:00*02:00:00')).toEqual({ activity: 'recording', destination: 'internal', freeBytes: 1024 ** 3, elapsedSeconds: 600, remainingSeconds: 7200 });
    expect(parseOverall('1*2*9*internal')).toBeUndefined();
  });

  it('turns E## into typed refusals naming the command', () => {
    const e = sisError('E13', 'rec-1', 'record start');
    expect(e?.code).toBe('SC_ERR_SIS_ERROR');
    expect(e?.message).toBe('rec-1 refused record start: E13 (invalid parameter)');
    expect(sisError('E99', 'rec-1', 'x')?.message).toMatch(/unknown error code/);
    expect(sisError('RcdrY1', 'rec-1', 'x')).toBeUndefined();
  });

  it('cleans metadata of characters that would end or escape the command', () => {
    expect(cleanMetadata('A\rB*C\x1bD')).toBe('A B C D');
  });
});

describe('SIS framing and Telnet refusal', () => {
  it('cuts lines, IAC sequences and the Password: prompt; survives garbage', () => {
    const a = new FrameAssembler(sisFramer);
    const bytes = Buffer.concat([
      Buffer.from([0xff, 0xfb, 0x01, 0xff, 0xfd, 0x1f]),
      Buffer.from('(c) Copyright 2024, Extron Electronics, SMP 351\r\n\r\nPassword:', 'latin1'),
    ]);
    const { frames } = a.push(bytes);
    expect(frames.map((f) => f.toString('latin1'))).toEqual(['\xff\xfb\x01', '\xff\xfd\x1f', '(c) Copyright 2024, Extron Electronics, SMP 351\r\n', 'Password:']);
    const split = new FrameAssembler(sisFramer);
    expect(split.push(Buffer.from('RcdrY', 'latin1')).frames).toEqual([]);
    expect(split.push(Buffer.from('1\r\n', 'latin1')).frames.map((f) => f.toString())).toEqual(['RcdrY1\r\n']);
    const junk = new FrameAssembler(sisFramer);
    const out = junk.push(Buffer.concat([Buffer.alloc(600, 0x41), Buffer.from('\r\nRcdrY0\r\n')]));
    expect(out.frames.map((f) => f.toString()).at(-1)).toBe('RcdrY0\r\n');
  });

  it('answers DO with WON\'T and WILL with DON\'T, nothing else', () => {
    expect(telnetRefusal(Buffer.from([0xff, 0xfd, 0x1f]))).toEqual(Buffer.from([0xff, 0xfc, 0x1f]));
    expect(telnetRefusal(Buffer.from([0xff, 0xfb, 0x01]))).toEqual(Buffer.from([0xff, 0xfe, 0x01]));
    expect(telnetRefusal(Buffer.from([0xff, 0xfc, 0x01]))).toBeUndefined();
    expect(telnetRefusal(Buffer.from('abc'))).toBeUndefined();
  });
});

describe('RecorderWatch', () => {
  it('reports a stop nobody asked for, not our own', () => {
    const w = new RecorderWatch();
    expect(w.observe({ activity: 'stopped' })).toBeUndefined();
    w.expect('recording');
    expect(w.observe({ activity: 'recording', elapsedSeconds: 5, freeBytes: 5e9 })).toBeUndefined();
    expect(w.observe({ activity: 'stopped', freeBytes: 5e9 })).toEqual({ was: 'recording', reason: 'stopped-by-device', elapsedSeconds: 5 });
    w.expect('recording');
    w.observe({ activity: 'recording' });
    w.expect('stopped');
    expect(w.observe({ activity: 'stopped' })).toBeUndefined();
    w.observe({ activity: 'recording', remainingSeconds: 20 });
    expect(w.observe({ activity: 'stopped' })?.reason).toBe('disk-full');
    // A recorder that reports an error (Pearl `error`) has stopped recording too.
    w.expect('recording');
    w.observe({ activity: 'recording', elapsedSeconds: 30 });
    expect(w.observe({ activity: 'error' })).toEqual({ was: 'recording', reason: 'recorder-error', elapsedSeconds: 30 });
  });
});
