import { afterEach, describe, expect, it } from 'vitest';
import { ExtronSmpDriver, extronSmpDescriptor } from '../../../src/drivers/recorders/extron-smp.js';
import { isOtherReply, parseOverall } from '../../../src/drivers/recorders/sis-overall.js';
import { recorderContext } from './helpers.js';
import { SisPartner, loadSisCaptures, type SisState } from './sis-partner.js';

const captures = loadSisCaptures();
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const lineOf = (raw: string): string => raw.replace(/[\r\n]+$/, '');

/** The captured line of one form family for each state (the captures cover all three for the sub-field form). */
function subFieldForm(state: SisState): string {
  const form = captures.forms.find((f) => f.name.startsWith('sub-fields, verbose') && f.expect.activity === state);
  if (form === undefined) throw new Error(`no capture for ${state}`);
  return form.line;
}

async function start(partner: SisPartner, timeoutMs = 2000): Promise<ExtronSmpDriver> {
  await partner.start();
  cleanups.push(() => partner.stop());
  // A long reply timeout: a reply the driver did not recognise would show as a hang, not pass.
  const d = extronSmpDescriptor.create(recorderContext(partner.target, { pollIntervalMs: 3_600_000, timeoutMs })) as ExtronSmpDriver;
  cleanups.push(() => d.stop());
  await d.start();
  return d;
}

describe('SIS `I` replies of real units (captures in tests/fixtures/extron-sis)', () => {
  it.each(captures.forms.map((f) => [f.name, f] as const))('parses %s', (_name, form) => {
    expect(parseOverall(lineOf(form.line))).toEqual(form.expect);
  });

  it('knows the lines units send around it, and no unknown form parses', () => {
    for (const line of captures.otherLines.lines) expect(isOtherReply(lineOf(line))).toBe(true);
    for (const line of captures.unknown) {
      expect(parseOverall(lineOf(line))).toBeUndefined();
      expect(isOtherReply(lineOf(line))).toBe(false);
    }
  });
});

describe('extron-smp against an independent SIS responder answering with the captured lines', () => {
  for (const form of captures.forms) {
    it(`reads the status from "${form.name}"`, async () => {
      const partner = new SisPartner({ overall: () => form.line });
      partner.state = String(form.expect.activity) as SisState;
      const d = await start(partner);
      expect(d.state()).toMatchObject({ status: 'online', recorder: { activity: form.expect.activity, freeBytes: form.expect.freeBytes } });
      expect(d.state().lastError).toBeUndefined();
    });
  }

  it('record start reaches `recording` through the count-down lines, with the free space of the sub-field form', async () => {
    const partner = new SisPartner({ overall: subFieldForm, beforeStart: captures.otherLines.lines.filter((l) => l.startsWith('RecStart')) });
    const d = await start(partner, 20_000);
    await d.recorder.start();
    expect(partner.state).toBe('recording');
    expect(d.state().recorder).toMatchObject({ activity: 'recording', freeBytes: 119405137920 });
    await d.recorder.pause();
    expect((await d.recorder.status()).activity).toBe('paused');
    await d.recorder.stop();
    expect(d.state().recorder?.activity).toBe('stopped');
    expect(partner.received.filter((l) => l === 'I').length).toBeGreaterThanOrEqual(4);
  });

  it('an undocumented `I` form is a named parse error showing the line; the start itself succeeds', async () => {
    const unknown = captures.unknown[0] ?? '';
    const partner = new SisPartner({ overall: () => unknown });
    const d = await start(partner, 20_000);
    await d.recorder.start();
    expect(partner.state).toBe('recording');
    expect(d.state().status).toBe('online');
    expect(d.state().recorder?.activity).toBe('recording');
    expect(d.state().lastError?.code).toBe('SC_ERR_SIS_PARSE');
    expect(d.state().lastError?.message).toContain(lineOf(unknown));
    expect(d.state().lastError?.message).toMatch(/rec-1: the reply to recording status \(I\) is in a form this driver does not know/);
  });
});
