import { afterEach, describe, expect, it } from 'vitest';
import type { DeviceEvent } from '../../../src/drivers/capabilities.js';
import type { OnvifDriver } from '../../../src/drivers/cameras/onvif/driver.js';
import { CAPTURE_VENDORS, CaptureCamera, capture, serviceDir, type CaptureVendor } from './capture-camera.js';
import { driverFor, holdLaterPulls, offeredTokens } from './capture-helpers.js';
import { soapFields, type SoapField } from './soap-fields.js';
import { until } from './onvif-helpers.js';

const running: { cams: CaptureCamera[]; drivers: OnvifDriver[] } = { cams: [], drivers: [] };
afterEach(async () => {
  for (const d of running.drivers.splice(0)) await d.stop();
  for (const c of running.cams.splice(0)) await c.stop();
});

async function setup(vendor: CaptureVendor, events = false): Promise<[CaptureCamera, OnvifDriver]> {
  const cam = await new CaptureCamera(vendor).start();
  running.cams.push(cam);
  holdLaterPulls(cam);
  const driver = driverFor(cam.url, { events });
  running.drivers.push(driver);
  await driver.start();
  return [cam, driver];
}

const WSA = 'http://www.w3.org/2005/08/addressing';
const WSSE = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd';
const WSU = 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd';
const last = (path: string): string => path.slice(path.lastIndexOf('}') + 1);

/** Fields whose value is the client's own choice (how long to hold a pull, how many messages). */
const CLIENT_CHOICE = new Set(['Timeout', 'MessageLimit']);
/** Fields we send that the captured clients left out, each optional in the WSDL. */
const OUR_OPTIONAL = new Set(['InitialTerminationTime']);

/**
 * What differs between the body we sent and the captured request of a real client: fields they
 * sent and we did not, values that differ (except times, client choices, and tokens, which must be
 * ones the camera offered), and fields we sent beyond the optional ones listed.
 */
function bodyDifferences(vendor: CaptureVendor, ours: SoapField[], theirs: SoapField[]): string[] {
  const tokens = offeredTokens(vendor);
  const problems: string[] = [];
  for (const t of theirs) {
    const mine = ours.find((o) => o.path === t.path);
    const name = last(t.path);
    // An empty element in the capture (`<tev:CreatePullPointSubscription/>`) is there when ours is, with or without content.
    if (mine === undefined && t.value === '' && ours.some((o) => o.path.startsWith(`${t.path}/`))) continue;
    if (mine === undefined) problems.push(`missing ${t.path}`);
    else if (name === 'ProfileToken' || name === 'PresetToken') {
      if (!tokens.has(mine.value)) problems.push(`${name} "${mine.value}" is not one the camera offered`);
    } else if (!CLIENT_CHOICE.has(name) && mine.value !== t.value) problems.push(`${t.path}: "${mine.value}" where the capture has "${t.value}"`);
  }
  for (const o of ours) if (!theirs.some((t) => t.path === o.path) && !OUR_OPTIONAL.has(last(o.path))) problems.push(`extra ${o.path}`);
  return problems;
}

const ha = (fields: SoapField[], path: string): SoapField | undefined => fields.find((f) => f.path === path);

describe('ONVIF requests compared with the requests real clients sent (captures), field by field', () => {
  for (const vendor of CAPTURE_VENDORS) {
    it(`${vendor}: every request with a capture has the captured fields and values (times and nonces aside)`, async () => {
      const [cam, driver] = await setup(vendor, true);
      await until(() => cam.sent('PullMessages').length >= 2, 'two pulls');
      await driver.stream.streamUri();
      await driver.stream.snapshotUri().catch(() => undefined);
      const presets = await driver.presets.list().catch(() => undefined);
      if (presets !== undefined && presets[0] !== undefined) await driver.presets.goto(presets[0].token);
      const compared: string[] = [];
      for (const req of cam.requests) {
        const theirs = capture(vendor, serviceDir(req.ns), req.op, 'Request');
        if (theirs === undefined || compared.includes(req.op)) continue;
        compared.push(req.op);
        const mine = soapFields(req.body);
        const captured = soapFields(theirs);
        expect(bodyDifferences(vendor, mine.body, captured.body), `${vendor} ${req.op}`).toEqual([]);
        // WS-Security: a UsernameToken with a digest password, a nonce and the creation time.
        const token = `{${WSSE}}Security/{${WSSE}}UsernameToken`;
        if (captured.header.some((f) => f.path.startsWith(token)) && req.op !== 'GetSystemDateAndTime') {
          for (const path of [`${token}/{${WSSE}}Username`, `${token}/{${WSSE}}Password`, `${token}/{${WSSE}}Password/@{}Type`, `${token}/{${WSSE}}Nonce/@{}EncodingType`, `${token}/{${WSU}}Created`]) {
            expect(ha(mine.header, path), `${vendor} ${req.op} ${path}`).toBeDefined();
          }
          expect(ha(mine.header, `${token}/{${WSSE}}Password/@{}Type`)?.value).toBe(ha(captured.header, `${token}/{${WSSE}}Password/@{}Type`)?.value);
        }
      }
      expect(compared).toEqual(expect.arrayContaining(['GetProfiles', 'GetStreamUri', 'GetDeviceInformation', 'CreatePullPointSubscription', 'PullMessages']));
      if (vendor === 'axis' || vendor === 'hikvision' || vendor === 'pelco') expect(compared).toEqual(expect.arrayContaining(['GetPresets', 'GotoPreset', 'GetStatus']));
    });
  }
});

describe('ONVIF events against the captured CreatePullPointSubscription and PullMessages replies', () => {
  it('pelco: the captured CellMotionDetector notification is a motion event; the other topics are not ours', async () => {
    const [cam, driver] = await setup('pelco');
    const events: DeviceEvent[] = [];
    driver.events.on('event', (e) => void events.push(e));
    driver.watchEvents();
    await until(() => events.some((e) => e.type === 'motion'), 'the motion event');
    expect(events.filter((e) => e.type !== 'device-online')).toEqual([expect.objectContaining({ type: 'motion', data: expect.objectContaining({ active: true, topic: 'tns1:RuleEngine/CellMotionDetector/Motion', utcTime: '2018-02-27T18:27:56.071810Z' }) })]);
    // To the subscription's own address, with its id in the query, as the capture gives it.
    const pull = soapFields(cam.sent('PullMessages')[0]?.body ?? '');
    expect(ha(pull.header, `{${WSA}}To`)?.value).toBe('http://10.10.1.66/onvif/eventing_service?id=urn:uuid:90c6d153-d40a-ce00-565f-26bed81b5b83');
    expect(cam.sent('PullMessages')[0]?.path).toBe('/onvif/eventing_service?id=urn:uuid:90c6d153-d40a-ce00-565f-26bed81b5b83');
    // The captured reference parameter is echoed as a header, marked as such.
    expect(ha(pull.header, '{urn:schemas-pelco-com:ws:addressing:1}SubscriptionId')?.value).toBe('urn:uuid:90c6d153-d40a-ce00-565f-26bed81b5b83');
  });

  for (const vendor of ['hikvision', 'hikvision-fixed', 'trendnet'] as const) {
    it(`${vendor}: the captured replies keep one subscription going, without events of ours`, async () => {
      const [cam, driver] = await setup(vendor);
      const events: DeviceEvent[] = [];
      driver.events.on('event', (e) => void events.push(e));
      driver.watchEvents();
      await until(() => cam.sent('PullMessages').length >= 3, 'three pulls');
      expect(cam.sent('CreatePullPointSubscription')).toHaveLength(1);
      expect(events.filter((e) => e.type === 'motion' || e.type === 'tamper' || e.type === 'video-loss')).toEqual([]);
    });
  }

  it('axis: the SubscriptionId reference parameter goes with every pull (the captured client left it out and got ter:InvalidArgs)', async () => {
    const cam = await new CaptureCamera('axis').start();
    running.cams.push(cam);
    const fault = capture('axis', 'events', 'PullMessages', 'Error') ?? '';
    const empty = (capture('trendnet', 'events', 'PullMessages', 'Response') ?? '').replace(/<wsnt:NotificationMessage>[\s\S]*?<\/wsnt:NotificationMessage>/g, '');
    cam.script.set('PullMessages', async (req) => {
      const id = ha(soapFields(req.body).header, '{http://www.axis.com/2009/event}SubscriptionId')?.value;
      if (id !== '5') return { status: 400, xml: fault };
      await new Promise((r) => setTimeout(r, 100));
      return { status: 200, xml: empty };
    });
    const driver = driverFor(cam.url);
    running.drivers.push(driver);
    await driver.start();
    driver.watchEvents();
    await until(() => cam.sent('PullMessages').length >= 3, 'three pulls');
    expect(cam.sent('CreatePullPointSubscription')).toHaveLength(1);
    const header = cam.sent('PullMessages')[0]?.body ?? '';
    expect(header).toMatch(/<dom0:SubscriptionId xmlns:dom0="http:\/\/www\.axis\.com\/2009\/event" a:IsReferenceParameter="true">5<\/dom0:SubscriptionId>/);
    expect(ha(soapFields(header).header, `{${WSA}}To`)?.value).toBe('http://192.168.0.19/onvif/services');
  });
});
