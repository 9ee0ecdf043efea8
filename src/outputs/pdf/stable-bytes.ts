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
 *   update then writes the ID tree again in the new order (UpdateOptions.idTree);
 * - its document information (superseded by the update, but still in the file) carries the time of
 *   printing: stamp the book's date there instead.
 */
export function stableInPlace(bytes: Uint8Array, date: Date, inFileOrder = false): Uint8Array {
  const text = latin1(bytes);
  const found = [...new Set([...text.matchAll(/\(node(\d{8})\)/g)].map((m) => m[1]!))];
  const ids = inFileOrder ? found : found.sort();
  const renamed = new Map(ids.map((id, i) => [id, String(i + 1).padStart(8, '0')]));
  const stamp = date.toISOString().replace(/\D/g, '').slice(0, 14);
  return encoder(
    text
      .replace(/\(node(\d{8})\)/g, (_, id: string) => `(node${renamed.get(id)})`)
      .replace(/\/(CreationDate|ModDate) \(D:\d{14}/g, (_, key: string) => `/${key} (D:${stamp}`),
  );
}
