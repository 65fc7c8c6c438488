import { agentErrors } from './agent.js';
import { cameraErrors } from './camera.js';
import { configErrors } from './config.js';
import { displayErrors } from './display.js';
import { fleetErrors } from './fleet.js';
import { generalErrors } from './general.js';
import { hidErrors } from './hid.js';
import { linkErrors } from './link.js';
import { recorderErrors } from './recorder.js';
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
  ...displayErrors,
  ...cameraErrors,
  ...recorderErrors,
  ...hidErrors,
  ...fleetErrors,
  ...agentErrors,
} as const;

export const catalogParts = [generalErrors, configErrors, linkErrors, serviceErrors, displayErrors, cameraErrors, recorderErrors, hidErrors, fleetErrors, agentErrors] as const;

export type ErrorCode = keyof typeof catalog;
