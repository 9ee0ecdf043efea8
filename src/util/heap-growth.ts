/**
 * How far Node's heap may grow before V8 collects it. By default V8 lets it grow to several times
 * what is alive, and a long build makes much short-lived garbage (each part's PDF arrives from the
 * browser as base64 text, is decoded, scanned and joined): the 2,000-page benchmark book's full build
 * peaked at 469 MB of RSS with about 130 MB alive. Growing by 15% at a time, it peaked at 356 MB in
 * the same time (forced collections every 200 ms: 332 MB, and a slower build). This is a
 * setting of the process, so the command line makes it for its own; a program that uses Quire's
 * library keeps its own.
 */
import { setFlagsFromString } from 'node:v8';

export const HEAP_GROWING_PERCENT = 15;

export function collectSooner(): void {
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
