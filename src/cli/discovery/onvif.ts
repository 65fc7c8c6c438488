import { ScError } from '../../core/errors/index.js';
import type { DiscoveryOptions, DiscoveryResult } from './types.js';

/** Built by issue #4. */
export async function discoverOnvif(_options: DiscoveryOptions): Promise<DiscoveryResult> {
  throw new ScError('SC_ERR_NOT_IMPLEMENTED', { feature: 'classroom discover --onvif' });
}
