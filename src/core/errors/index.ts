export { catalog, type ErrorCode } from './catalog/index.js';
export type { ErrorSpec } from './spec.js';
export { ScError, isScError, toScError, messageOf, type ErrorParams } from './sc-error.js';
