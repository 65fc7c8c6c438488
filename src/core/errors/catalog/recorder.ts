import type { ErrorTable } from '../spec.js';

/** Codes specific to recorder drivers (generic link and device codes are in link.ts). */
export const recorderErrors = {} as const satisfies ErrorTable;
