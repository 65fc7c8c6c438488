import { ScError } from '../../core/errors/index.js';
import type { DiscoveryOptions, DiscoveryResult } from './types.js';

/** Built by issue #3. */
export async function discoverSerial(_options: DiscoveryOptions): Promise<DiscoveryResult> {
  throw new ScError('SC_ERR_NOT_IMPLEMENTED', { feature: 'classroom discover --serial' });
}
