import { isCollection, isMap, isNode, isPair, isScalar, LineCounter, type Document, type Node } from 'yaml';

export interface Position {
  line: number;
  col: number;
}

/**
 * Maps a path in the parsed value back to a line and column in the YAML text. For a key that
 * is missing, it answers with the nearest existing parent; for an unknown key, with the key.
 */
export function makeLocator(doc: Document, lines: LineCounter): (path: readonly (string | number)[]) => Position {
  const at = (offset: number): Position => {
    const { line, col } = lines.linePos(offset);
    return { line, col };
  };
  return (path) => {
    let node: unknown = doc.contents;
    let best: Position = { line: 1, col: 1 };
    if (isNode(node) && node.range) best = at(node.range[0]);
    for (const seg of path) {
      if (!isCollection(node)) break;
      const items = (node as { items: unknown[] }).items;
      let next: unknown;
      // A number is a list index, except in a mapping whose keys are digits (keypad keys "1", "2").
      if (typeof seg === 'number' && !isMap(node)) {
        next = items[seg];
      } else {
        const pair = items.find((it) => isPair(it) && isScalar(it.key) && String(it.key.value) === String(seg));
        if (isPair(pair)) {
          // Point at the key: that is where a person reads the field name.
          const key = pair.key as Node;
          if (key.range) best = at(key.range[0]);
          next = pair.value;
          if (isNode(next) && next.range && !isCollection(next)) {
            best = at(key.range ? key.range[0] : next.range[0]);
          }
          node = next;
          continue;
        }
      }
      if (next === undefined) break;
      node = next;
      if (isNode(node) && node.range) best = at(node.range[0]);
    }
    return best;
  };
}
