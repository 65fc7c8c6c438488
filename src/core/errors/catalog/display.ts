import type { ErrorTable } from '../spec.js';

/** Codes specific to display drivers (generic link and device codes are in link.ts). */
export const displayErrors = {} as const satisfies ErrorTable;
