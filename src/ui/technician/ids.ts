/** What a driver drives, as the word a room config uses for its id. */
const WORD: Readonly<Record<string, string>> = {
  onvif: 'camera',
  visca: 'camera',
  'extron-smp': 'recorder',
  pearl: 'recorder',
  streamdeck: 'keypad',
  xkeys: 'keypad',
  'hid-relay': 'relays',
  'samsung-mdc': 'panel',
  lg: 'panel',
  nec: 'panel',
  'philips-sicp': 'panel',
  newline: 'panel',
  profile: 'panel',
};

/**
 * An id for a found device that the room does not use yet: "camera", else "camera-2", ... from
 * its first likely driver (or the kind of discovery), in the id syntax the config needs. Needs
 * nothing of the page (a unit test imports it).
 */
export function suggestId(found: { kind: string; drivers?: readonly string[] }, taken: readonly string[]): string {
  const driver = found.drivers?.[0];
  const base = (driver === undefined ? undefined : WORD[driver]) ?? (found.kind === 'onvif' ? 'camera' : found.kind === 'hid' ? 'keypad' : 'device');
  const used = new Set(taken);
  if (!used.has(base)) return base;
  for (let n = 2; ; n++) if (!used.has(`${base}-${n}`)) return `${base}-${n}`;
}
