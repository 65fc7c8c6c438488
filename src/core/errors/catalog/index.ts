import { configErrors } from './config.js';
import { generalErrors } from './general.js';
import { linkErrors } from './link.js';
import { serviceErrors } from './service.js';

/**
 * Every coded error the product can raise. Split by area so that each part stays short;
 * a code is defined exactly once (the test in tests/core/errors.test.ts checks that).
 */
export const catalog = {
  ...generalErrors,
  ...configErrors,
  ...linkErrors,
  ...serviceErrors,
} as const;

export const catalogParts = [generalErrors, configErrors, linkErrors, serviceErrors] as const;

export type ErrorCode = keyof typeof catalog;
