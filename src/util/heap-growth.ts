/**
 * How far Node's heap may grow before V8 collects it. By default V8 lets it grow to several times
 * what is alive, and a long build makes much short-lived garbage (each part's PDF arrives from the
 * browser as base64 text, is decoded, scanned and joined): the 2,000-page benchmark book's full build
 * peaked at 469 MB of RSS with about 130 MB alive. Growing by 15% at a time, it peaked at 356 MB in
 * the same time (forced collections every 200 ms: 332 MB, and a slower build).
 *
 * A short book pays for collecting that often and gains nothing: a 20-page book's PDF stage took 12%
 * longer (1.32 s against 1.18 s) with the setting made from the start. So it is made only once the
 * heap holds more than a short book's build ever does (a 100-page book's stays under 100 MB; a
 * 500-page book's passes it after about 2 s). By then V8 has already set the heap's next limit with
 * the default growth, and the setting counts only from the next collection: so it is made with one
 * collection at once. Made at 160 MB without it, the 2,000-page build peaked at 439 MB; so, at 364 MB.
 *
 * This is a setting of the process, so the command line makes it for its own; a program that uses
 * Quire's library keeps its own.
 */
import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export const HEAP_GROWING_PERCENT = 15;

/** The heap in use above which it grows by HEAP_GROWING_PERCENT. */
const LARGE_HEAP = 100 * 1024 * 1024;

/**
 * A full collection now. `--expose-gc` set at run time makes `gc` available to contexts made after it,
 * so no flag is needed when Node starts; the function is fetched once.
 */
export const collectGarbage = (() => {
  let gc: (() => void) | undefined;
  return () => {
    if (!gc) {
      setFlagsFromString('--expose-gc');
      gc = runInNewContext('gc') as () => void;
    }
    gc();
  };
})();

/** Collect sooner once the heap is large: checked every `everyMs` while the process runs. */
export function collectSoonerWhenLarge(everyMs = 50): void {
  const timer = setInterval(() => {
    if (getHeapStatistics().used_heap_size < LARGE_HEAP) return;
    setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
    collectGarbage();
    clearInterval(timer);
  }, everyMs);
  timer.unref();
}
