/** What the technician page reads from the agent: the contract's shapes (src/contract/technician.ts), as types only. */
export type { Diagnostics, DiscoveredDevice as Discovered, ErrorGroup, DiscoveryReply, BytesReply, RawReply, SnippetReply, TechnicianMe } from '../../contract/technician.js';
export type { SceneInfo } from '../../contract/room.js';

export interface LogLine {
  time?: number;
  level?: number;
  msg?: string;
  component?: string;
  device?: string;
  [key: string]: unknown;
}
