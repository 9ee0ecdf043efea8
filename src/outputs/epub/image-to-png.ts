/**
 * Images an EPUB cannot hold but a browser can show (WebP, AVIF, BMP, icons) become PNG for the
 * EPUB, drawn by the build's browser: EPUB 3.2 reading systems, and epubcheck, accept only PNG,
 * JPEG, GIF and SVG. Conversions are cached by the image's bytes, so a later build needs no browser.
 * An animated image keeps its first frame.
 */
import { createHash } from 'node:crypto';
import type { UserCache } from '../../util/user-cache.ts';
import type { LazyBrowser } from '../../browser/browser.ts';
import { openPage } from '../../browser/guarded-page.ts';
import { fileGuard } from '../../browser/print-guard.ts';

export type ToPng = (data: Uint8Array, mediaType: string) => Promise<Uint8Array | undefined>;

export function pngConverter(browser: LazyBrowser, cache: UserCache): ToPng {
  return async (data, mediaType) => {
    const key = `${mediaType}\0${createHash('sha256').update(data).digest('hex')}`;
    const kept = cache.get('converted-images', key);
    if (kept) return kept.data;
    const png = await drawAsPng(browser, data, mediaType);
    if (png) cache.put('converted-images', key, png, '.png');
    return png;
  };
}

async function drawAsPng(browser: LazyBrowser, data: Uint8Array, mediaType: string): Promise<Uint8Array | undefined> {
  const chrome = await browser.get().catch(() => undefined);
  if (!chrome) return undefined;
  // A blank page that may load nothing: the image is decoded from the bytes handed to it.
  const page = await openPage(chrome, undefined, { guard: fileGuard([]), scripts: true }).catch(() => undefined);
  if (!page) return undefined;
  try {
    const base64 = await page.evaluate(
      async (input: string, type: string) => {
        const bytes = Uint8Array.from(atob(input), (c) => c.charCodeAt(0));
        const bitmap = await createImageBitmap(new Blob([bytes], { type }));
        const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
        canvas.getContext('2d')!.drawImage(bitmap, 0, 0);
        const png = new Uint8Array(await (await canvas.convertToBlob({ type: 'image/png' })).arrayBuffer());
        let text = '';
        for (let i = 0; i < png.length; i += 0x8000) text += String.fromCharCode(...png.subarray(i, i + 0x8000));
        return btoa(text);
      },
      Buffer.from(data).toString('base64'),
      mediaType,
    );
    return new Uint8Array(Buffer.from(base64, 'base64'));
  } catch {
    return undefined; // an image the browser cannot decode stays out of the EPUB, as any unreadable image does
  } finally {
    await page.close().catch(() => undefined);
  }
}
