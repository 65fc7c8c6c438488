import { getStreamDeckDeviceInfo } from '@elgato-stream-deck/node';
import { XKeys } from 'xkeys';
import type { HidDeviceInfo } from '../../transports/hid/types.js';
import { RELAY_PRODUCT_ID, RELAY_VENDOR_ID, relayChannelsFromProduct } from './relay-protocol.js';

/** Which of our drivers can run this HID interface, with the model it would be. */
export function hidDriversFor(info: HidDeviceInfo): { driver: string; model: string }[] {
  const out: { driver: string; model: string }[] = [];
  const deck = getStreamDeckDeviceInfo({ ...info, path: info.path ?? 'unknown' });
  if (deck !== null) out.push({ driver: 'streamdeck', model: `Stream Deck ${deck.model}` });
  const xk = XKeys.filterDevice({ product: info.product, interface: info.interface, vendorId: info.vendorId, productId: info.productId });
  if (xk !== null) out.push({ driver: 'xkeys', model: xk.product.name });
  if (info.vendorId === RELAY_VENDOR_ID && info.productId === RELAY_PRODUCT_ID) {
    const n = relayChannelsFromProduct(info.product);
    if (n !== undefined) out.push({ driver: 'hid-relay', model: `${String(n)}-channel USB relay` });
  }
  return out;
}
