import type { ErrorTable } from '../spec.js';

/** Codes specific to camera drivers (generic link and device codes are in link.ts). */
export const cameraErrors = {} as const satisfies ErrorTable;
