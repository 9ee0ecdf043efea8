/** Percent-decoding that never throws: what was not percent-encoded after all is kept as written (`100%.md`). */
export function percentDecoded(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
