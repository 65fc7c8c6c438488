export { catalog, type ErrorCode } from './catalog/index.js';
export { ERROR_KINDS, type ErrorKind, type ErrorSpec } from './spec.js';
export { ScError, isScError, toScError, messageOf, type ErrorParams } from './sc-error.js';
