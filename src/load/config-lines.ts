/** Where a value sits in book.yaml, for errors found after the config was read (a listed chapter, the browser). */
import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument, type Node } from 'yaml';

/** The 1-based line of the value at `path` (e.g. `['chapters', 2]`, `['pdf', 'browser']`), if it is there. */
export function configLine(configFile: string, path: (string | number)[]): number | undefined {
  let source: string;
  try {
    source = readFileSync(configFile, 'utf8');
  } catch {
    return undefined;
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter });
  const node = doc.getIn(path, true) as Node | undefined;
  return node?.range ? lineCounter.linePos(node.range[0]).line : undefined;
}
