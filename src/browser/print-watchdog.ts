/**
 * A print that cannot hang the build: Chromium crashing (its connection drops) or hanging (no
 * answer within the time limit) is noticed, the browser is killed and a fresh one prints once
 * more; a second failure is a clear error. Used by every output that prints (PDF, handouts, the
 * EPUB's drawn cover).
 */
import type { Browser } from 'puppeteer-core';
import { QuireError } from '../util/errors.ts';
import type { LazyBrowser } from './browser.ts';

export interface WatchdogOptions {
  /**
   * Time limit for one print: an attempt that prints several documents (a long book's parts)
   * reports each one done (`progress`), and the limit starts again.
   */
  timeoutMs: number;
  /** What is printed, for messages: "the PDF", "the handout 03-intro". */
  what: string;
  warn: (warning: QuireError) => void;
}

type Failure = 'crashed' | 'hung';

class BrowserFailure extends Error {
  constructor(readonly kind: Failure) {
    super(kind);
  }
}

export async function printWithRetry<T>(
  browser: LazyBrowser,
  options: WatchdogOptions,
  print: (chrome: Browser, progress: () => void) => Promise<T>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const chrome = await browser.get();
    try {
      return await watched(chrome, options.timeoutMs, (progress) => print(chrome, progress));
    } catch (error) {
      // A print that failed because the browser went away counts as a crash too.
      const kind: Failure | undefined =
        error instanceof BrowserFailure
          ? error.kind
          : !chrome.connected || lostTarget(error)
            ? 'crashed'
            : protocolTimeout(error)
              ? 'hung'
              : undefined;
      if (!kind) throw error;
      await browser.restart(chrome);
      const seconds = Math.round(options.timeoutMs / 1000);
      const how = kind === 'hung' ? `did not answer within ${seconds} s` : 'crashed';
      if (attempt >= 2) {
        throw new QuireError(`the browser ${how} while printing ${options.what}, twice`, {
          cause: error,
          hint:
            kind === 'hung'
              ? 'a very long book may need more time: raise `pdf.printTimeout` in book.yaml; else check that the browser runs (`chromium --version`) and that the machine has free memory'
              : 'check that the browser runs (`chromium --version`) and that the machine has free memory; or point `pdf.browser` at another Chromium or Chrome',
        });
      }
      options.warn(
        new QuireError(`the browser ${how} while printing ${options.what}; printing again in a fresh browser`, {
          hint: 'nothing to do if the build then succeeds',
        }),
      );
    }
  }
}

/** `work()`, unless the browser disconnects, or the time runs out before it reports progress. */
async function watched<T>(chrome: Browser, timeoutMs: number, work: (progress: () => void) => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  let onDisconnect: (() => void) | undefined;
  let arm = () => {};
  const failed = new Promise<never>((_, reject) => {
    arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => reject(new BrowserFailure('hung')), timeoutMs);
    };
    arm();
    onDisconnect = () => reject(new BrowserFailure('crashed'));
    if (!chrome.connected) onDisconnect();
    chrome.once('disconnected', onDisconnect);
  });
  const running = work(() => arm());
  // Once abandoned, the print's own rejection (the browser killed under it) must not go unhandled.
  running.catch(() => undefined);
  try {
    return await Promise.race([running, failed]);
  } finally {
    clearTimeout(timer);
    chrome.off('disconnected', onDisconnect!);
  }
}

/** A tab or the browser gone under a print (puppeteer's words, possibly as the cause of Quire's error). */
function lostTarget(error: unknown): boolean {
  const text = `${String(error)} ${String((error as Error | undefined)?.cause ?? '')}`;
  return /Target closed|Session closed|Connection closed|crashed/i.test(text);
}

/** Puppeteer's own limit on one protocol call ran out: the browser stopped answering. */
function protocolTimeout(error: unknown): boolean {
  const text = `${String(error)} ${String((error as Error | undefined)?.cause ?? '')}`;
  return /protocolTimeout|timed out/i.test(text);
}
