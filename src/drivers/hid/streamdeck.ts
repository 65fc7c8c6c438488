import { Type } from '@sinclair/typebox';
import { DEVICE_MODELS, type StreamDeck, type StreamDeckButtonControlDefinition, type StreamDeckControlDefinition } from '@elgato-stream-deck/core';
import { getStreamDeckDeviceInfo } from '@elgato-stream-deck/node';
import { NodeHIDDevice } from '@elgato-stream-deck/node/dist/hid-device.js';
import { encodeJPEG } from '@elgato-stream-deck/node-lib';
import { ScError, messageOf } from '../../core/errors/index.js';
import type { HidDevice } from '../../transports/hid/device.js';
import type { HidDeviceInfo } from '../../transports/hid/types.js';
import type { Capability, HealthReport, KeyLight, KeypadCapability } from '../capabilities.js';
import type { DriverContext, DriverDescriptor } from '../driver.js';
import type { DeviceState } from '../state.js';
import { HidDriverBase } from './base.js';
import { parseColor } from './keymap.js';
import { keypadCtl } from './keypad-ctl.js';
import { renderKey } from './label-image.js';

type Look = { kind: 'light'; light: KeyLight } | { kind: 'label'; label: string; color: string; icon?: string } | { kind: 'image'; rgb: Buffer };

function isButton(c: StreamDeckControlDefinition): c is StreamDeckButtonControlDefinition {
  return c.type === 'button';
}

/**
 * Elgato Stream Deck through @elgato-stream-deck (the maintained library does the protocol:
 * key reports, JPEG/BMP packing, feature reports). This driver adds what a room needs:
 * our HID transport underneath (write queue, unplug detection, permission diagnosis), key
 * events on the driver's bus, and keys that repaint themselves after a replug.
 */
export class StreamDeckDriver extends HidDriverBase {
  readonly driver = 'streamdeck';
  readonly capabilities: readonly Capability[] = ['keypad', 'health'];
  private deck: StreamDeck | undefined;
  private buttons: StreamDeckButtonControlDefinition[] = [];
  /** What each key should show: re-applied when the deck comes back after an unplug. */
  private readonly looks = new Map<number, Look>();
  private facts: HealthReport = { reachable: false };

  private readonly keypadCap = {
    keyCount: 0,
    setLight: (key: number, light: KeyLight) => this.command(() => this.show(key, { kind: 'light', light })),
    setLabel: (key: number, label: string, color?: string, icon?: string) =>
      this.command(() => this.show(key, { kind: 'label', label, color: color ?? '#000000', ...(icon === undefined ? {} : { icon }) })),
  };

  get keypad(): KeypadCapability {
    return this.keypadCap;
  }

  readonly health = {
    check: async (): Promise<HealthReport> => ({ ...this.facts, reachable: this.deck !== undefined }),
  };

  protected pick(candidates: HidDeviceInfo[]): HidDeviceInfo | undefined {
    return candidates.find((c) => getStreamDeckDeviceInfo({ ...c, path: c.path ?? '' }) !== null);
  }

  protected async attach(device: HidDevice, info: HidDeviceInfo): Promise<Partial<DeviceState>> {
    const model = DEVICE_MODELS.find((m) => m.vendorId === info.vendorId && m.productIds.includes(info.productId));
    if (model === undefined) throw new ScError('SC_ERR_HID_MODEL', { id: device.id, driver: this.driver, reason: 'not a Stream Deck model the library knows' });
    const deck = await model.factory(new NodeHIDDevice(device), { encodeJPEG: (buffer, width, height) => encodeJPEG(buffer, width, height, undefined) });
    deck.on('down', (control) => {
      if (control.type === 'button') this.emitEvent('key-down', { key: control.index });
    });
    deck.on('up', (control) => {
      if (control.type === 'button') this.emitEvent('key-up', { key: control.index });
    });
    deck.on('error', (err: unknown) => this.log.warn({ err: messageOf(err) }, 'Stream Deck error'));
    this.deck = deck;
    this.buttons = deck.CONTROLS.filter(isButton);
    this.keypadCap.keyCount = this.buttons.length;
    const [firmware, serial] = await Promise.all([deck.getFirmwareVersion().catch(() => undefined), deck.getSerialNumber().catch(() => undefined)]);
    this.facts = {
      reachable: true,
      model: deck.PRODUCT_NAME,
      ...(firmware === undefined ? {} : { firmware }),
      ...(serial === undefined ? {} : { serial }),
      extra: { keys: this.buttons.length },
    };
    for (const [key, look] of this.looks) await this.paint(key, look);
    return { model: deck.PRODUCT_NAME, ...(firmware === undefined ? {} : { firmware }) };
  }

  protected async detach(): Promise<void> {
    const deck = this.deck;
    this.deck = undefined;
    deck?.removeAllListeners();
  }

  protected async probe(): Promise<Partial<DeviceState>> {
    this.requireDevice();
    return {};
  }

  /** Draws raw pixels (size x size RGB, size from `keySize`) on a key: icons made elsewhere. */
  async setImage(key: number, rgb: Buffer): Promise<void> {
    await this.command(() => this.show(key, { kind: 'image', rgb }));
  }

  /** Pixel size of key images, once the deck is open. */
  keySize(key = 0): number | undefined {
    const b = this.buttons.find((x) => x.index === key);
    return b?.feedbackType === 'lcd' ? b.pixelSize.width : undefined;
  }

  async setBrightness(percent: number): Promise<void> {
    await this.command(async () => {
      this.requireDevice();
      await this.requireDeck().setBrightness(Math.max(0, Math.min(100, Math.round(percent))));
    });
  }

  private requireDeck(): StreamDeck {
    this.requireDevice();
    if (this.deck === undefined) throw new ScError('SC_ERR_DEVICE_OFFLINE', { device: this.id, reason: 'not opened yet' });
    return this.deck;
  }

  private async show(key: number, look: Look): Promise<void> {
    if (!Number.isInteger(key) || key < 0 || (this.deck !== undefined && !this.buttons.some((b) => b.index === key))) {
      throw new ScError('SC_ERR_DEVICE_ARGUMENT', { device: this.id, command: 'key', detail: `key ${String(key)} is not 0-${String(this.buttons.length - 1)}` });
    }
    // Remember first: a key set while unplugged shows up when the deck comes back.
    this.looks.set(key, look);
    this.requireDeck();
    await this.paint(key, look);
  }

  private async paint(key: number, look: Look): Promise<void> {
    const deck = this.requireDeck();
    const size = this.keySize(key);
    if (look.kind === 'light') {
      if ('off' in look.light || ('on' in look.light && !look.light.on)) await deck.clearKey(key);
      else {
        const { r, g, b } = parseColor('color' in look.light ? look.light.color : '#ffffff');
        await deck.fillKeyColor(key, r, g, b);
      }
      return;
    }
    if (size === undefined) return; // a key without a display (Pedal) shows nothing
    const rgb = look.kind === 'label' ? renderKey(size, { label: look.label, background: look.color, ...(look.icon === undefined ? {} : { icon: look.icon }) }) : look.rgb;
    if (rgb.length !== size * size * 3) {
      throw new ScError('SC_ERR_DEVICE_ARGUMENT', { device: this.id, command: 'key image', detail: `expected ${String(size)}x${String(size)} RGB (${String(size * size * 3)} bytes), got ${String(rgb.length)} bytes` });
    }
    await deck.fillKeyBuffer(key, rgb, { format: 'rgb' });
  }
}

export const streamDeckDescriptor: DriverDescriptor = {
  name: 'streamdeck',
  description: 'Elgato Stream Deck keypads (every model @elgato-stream-deck knows) as wall keys with coloured or labelled keys',
  capabilities: ['keypad', 'health'],
  targets: ['hid'],
  optionsSchema: Type.Object({}, { additionalProperties: false }),
  defaultPollIntervalMs: 5000,
  defaultTimeoutMs: 2000,
  create: (ctx: DriverContext) => new StreamDeckDriver(ctx),
  ctl: keypadCtl,
};
