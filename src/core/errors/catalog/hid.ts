import type { ErrorTable } from '../spec.js';

/** Codes specific to hid drivers (generic link and device codes are in link.ts). */
export const hidErrors = {} as const satisfies ErrorTable;
