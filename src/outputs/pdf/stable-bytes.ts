/** Chromium's print made reproducible in place, before anything is appended to it. */

const latin1 = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
const encoder = (s: string): Uint8Array => Buffer.from(s, 'latin1');

/**
 * Make Chromium's own bytes depend on the book alone, without moving any offset:
 * - it names tagged elements by DOM node ids (`node00000143`) that count every node the renderer
 *   ever made, so a warm browser numbers the same book differently: renumber them from 1 in their
 *   own order, with the same number of digits; or, `inFileOrder`, in the order they first appear
 *   in the file, for when even their own order changes from print to print (seen in handouts,
 *   printed side by side: a table's header cells numbered out of order in one build of two); the
 *   update then writes the ID tree again in the new order (UpdateOptions.idTree), and Chromium's
 *   own tree, superseded but still in the file, is sorted in place too (sortedLeaves);
 * - its document information (superseded by the update, but still in the file) carries the time of
 *   printing: stamp the book's date there instead.
 */
export function stableInPlace(bytes: Uint8Array, date: Date, inFileOrder = false): Uint8Array {
  const text = latin1(bytes);
  const found = [...new Set([...text.matchAll(/\(node(\d{8})\)/g)].map((m) => m[1]!))];
  const ids = inFileOrder ? found : found.sort();
  const renamed = new Map(ids.map((id, i) => [id, String(i + 1).padStart(8, '0')]));
  const stamp = date.toISOString().replace(/\D/g, '').slice(0, 14);
  const renumbered = text
    .replace(/\(node(\d{8})\)/g, (_, id: string) => `(node${renamed.get(id)})`)
    .replace(/\/(CreationDate|ModDate) \(D:\d{14}/g, (_, key: string) => `/${key} (D:${stamp}`);
  return encoder(inFileOrder ? sortedLeaves(renumbered) : renumbered);
}

/**
 * The ID tree's leaves as Chromium wrote them list their entries in its own order, which changes
 * from print to print: each leaf's entries sorted, and its limits set, in the same number of bytes
 * (the entries are the same, only their order changes). A leaf written otherwise is left as it is.
 */
function sortedLeaves(text: string): string {
  return text.replace(
    /\/Limits \[\((node\d{8})\) \((node\d{8})\)\](\s*)\/Names \[([^\]]*)\]/g,
    (leaf: string, _first: string, _last: string, space: string, names: string) => {
      const entries = [...names.matchAll(/\((node\d{8})\) (\d+ \d+ R)/g)].map((m) => [m[1]!, m[2]!] as const);
      const sorted = entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      const body = sorted.map(([id, ref]) => `(${id}) ${ref}`).join(' ');
      const first = sorted[0]?.[0];
      const last = sorted[sorted.length - 1]?.[0];
      const again = `/Limits [(${first}) (${last})]${space}/Names [${body}]`;
      return again.length === leaf.length && first && last ? again : leaf;
    },
  );
}
