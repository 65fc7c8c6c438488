/**
 * Hex frame templates for devices described as data (devices/*.yaml): "3A {id:dec2} 53 38
 * {value:dec3} 0D". Pure byte manipulation with no device knowledge, shared by the
 * profile-driven driver and its simulator.
 *
 * Tokens: two hex digits = a literal byte; `??` = any byte (patterns only);
 * `{name}` or `{name:format}` = a placeholder. Formats: `byte` (default, one raw byte),
 * `decN` (N ASCII decimal digits), `hexN` (N ASCII hex digits), `raw` (the bytes of a hex
 * string, e.g. an input code "30 31"). `{cs}` is the checksum byte.
 */
export type Token =
  | { kind: 'byte'; value: number }
  | { kind: 'any' }
  | { kind: 'cs' }
  | { kind: 'var'; name: string; format: 'byte' | 'raw' | 'dec' | 'hex'; width: number };

export type ChecksumKind = 'none' | 'sum8' | 'xor8' | 'neg-sum8';

export function parseTemplate(text: string): Token[] {
  const out: Token[] = [];
  for (const word of text.trim().split(/\s+/)) {
    if (word === '') continue;
    if (/^[0-9A-Fa-f]{2}$/.test(word)) out.push({ kind: 'byte', value: parseInt(word, 16) });
    else if (word === '??') out.push({ kind: 'any' });
    else if (word === '{cs}') out.push({ kind: 'cs' });
    else {
      const m = /^\{([a-z]+)(?::(byte|raw|dec[1-9]|hex[1-9]))?\}$/.exec(word);
      if (m === null) throw new Error(`"${word}" is not a hex byte, ?? or a placeholder such as {value:dec3}`);
      // {input} stands for an input code of one or more bytes unless a format is given.
      const fmt = m[2] ?? (m[1] === 'input' ? 'raw' : 'byte');
      const format = fmt.startsWith('dec') ? 'dec' : fmt.startsWith('hex') ? 'hex' : (fmt as 'byte' | 'raw');
      out.push({ kind: 'var', name: m[1] ?? '', format, width: format === 'dec' || format === 'hex' ? Number(fmt.slice(3)) : 1 });
    }
  }
  return out;
}

export function checksum(kind: ChecksumKind, bytes: readonly number[]): number {
  const sum = bytes.reduce((a, b) => a + b, 0);
  if (kind === 'sum8') return sum & 0xff;
  if (kind === 'neg-sum8') return -sum & 0xff;
  if (kind === 'xor8') return bytes.reduce((a, b) => a ^ b, 0);
  return 0;
}

export type TemplateValue = number | Buffer;

function render(token: Extract<Token, { kind: 'var' }>, value: TemplateValue | undefined): number[] {
  if (value === undefined) throw new Error(`no value for {${token.name}}`);
  if (Buffer.isBuffer(value)) return [...value];
  if (token.format === 'byte' || token.format === 'raw') {
    if (value < 0 || value > 255) throw new Error(`{${token.name}} = ${value} does not fit in a byte`);
    return [value];
  }
  const text = value.toString(token.format === 'dec' ? 10 : 16).toUpperCase().padStart(token.width, '0');
  if (text.length > token.width) throw new Error(`{${token.name}} = ${value} does not fit in ${token.width} digits`);
  return [...Buffer.from(text, 'latin1')];
}

/** Fills a template; the checksum covers bytes from `checksumFrom` up to the {cs} byte. */
export function fillTemplate(tokens: readonly Token[], values: Readonly<Record<string, TemplateValue>>, cs: ChecksumKind = 'none', checksumFrom = 0): Buffer {
  const out: number[] = [];
  for (const t of tokens) {
    if (t.kind === 'byte') out.push(t.value);
    else if (t.kind === 'any') throw new Error('?? is only allowed in reply patterns');
    else if (t.kind === 'cs') out.push(checksum(cs, out.slice(checksumFrom)));
    else out.push(...render(t, values[t.name]));
  }
  return Buffer.from(out);
}

/**
 * Matches a frame against a pattern. Known values (e.g. id) must be equal; unknown ones are
 * captured (numbers for dec/hex/byte, Buffers for raw of `rawWidth` bytes). Undefined when it
 * does not match.
 */
export function matchTemplate(
  tokens: readonly Token[],
  frame: Buffer,
  known: Readonly<Record<string, TemplateValue>> = {},
  options: { checksum?: ChecksumKind; checksumFrom?: number; rawWidth?: number } = {},
): Record<string, TemplateValue> | undefined {
  const captured: Record<string, TemplateValue> = {};
  let i = 0;
  for (const t of tokens) {
    if (t.kind === 'byte') {
      if (frame[i] !== t.value) return undefined;
      i += 1;
    } else if (t.kind === 'any') {
      if (i >= frame.length) return undefined;
      i += 1;
    } else if (t.kind === 'cs') {
      const kind = options.checksum ?? 'none';
      if (kind !== 'none' && frame[i] !== checksum(kind, [...frame.subarray(options.checksumFrom ?? 0, i)])) return undefined;
      i += 1;
    } else {
      const width = t.format === 'raw' ? Buffer.isBuffer(known[t.name]) ? (known[t.name] as Buffer).length : (options.rawWidth ?? 1) : t.width;
      if (i + width > frame.length) return undefined;
      const slice = frame.subarray(i, i + width);
      i += width;
      let value: TemplateValue;
      if (t.format === 'raw') value = Buffer.from(slice);
      else if (t.format === 'byte') value = slice[0] ?? 0;
      else {
        const text = slice.toString('latin1');
        if (!(t.format === 'dec' ? /^[0-9]+$/ : /^[0-9A-Fa-f]+$/).test(text)) return undefined;
        value = parseInt(text, t.format === 'dec' ? 10 : 16);
      }
      const expected = known[t.name];
      if (expected !== undefined) {
        const same = Buffer.isBuffer(expected) ? Buffer.isBuffer(value) && expected.equals(value) : expected === value;
        if (!same) return undefined;
      } else captured[t.name] = value;
    }
  }
  return i === frame.length ? captured : undefined;
}

/** A literal last byte shared by every template, usable as the frame delimiter. */
export function commonEnd(templates: readonly (readonly Token[])[]): number | undefined {
  const ends = templates.map((t) => t[t.length - 1]);
  const first = ends[0];
  if (first === undefined || first.kind !== 'byte') return undefined;
  return ends.every((e) => e?.kind === 'byte' && e.value === first.value) ? first.value : undefined;
}

/** A literal first byte shared by every template, usable to resynchronise. */
export function commonStart(templates: readonly (readonly Token[])[]): number | undefined {
  const starts = templates.map((t) => t[0]);
  const first = starts[0];
  if (first === undefined || first.kind !== 'byte') return undefined;
  return starts.every((s) => s?.kind === 'byte' && s.value === first.value) ? first.value : undefined;
}

/** The byte length of a template when every token has a fixed width (raw counts `rawWidth`). */
export function templateLength(tokens: readonly Token[], rawWidth = 1): number {
  return tokens.reduce((n, t) => n + (t.kind === 'var' ? (t.format === 'raw' ? rawWidth : t.width) : 1), 0);
}
