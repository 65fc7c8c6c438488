import { ScError } from '../../core/errors/index.js';
import type { DiscoveryOptions, DiscoveryResult } from './types.js';

/** Built by issue #5. */
export async function discoverHid(_options: DiscoveryOptions): Promise<DiscoveryResult> {
  throw new ScError('SC_ERR_NOT_IMPLEMENTED', { feature: 'classroom discover --hid' });
}
