/**
 * The images and other files an EPUB carries, read once: each gets a stable ASCII name from its path
 * in the book, an image its media type from its bytes (a PNG saved as `.jpeg` is packaged as the PNG
 * it is, under a `.png` name), an SVG is cleaned (svg-file.ts), and an image no reading system
 * could show (corrupt, cut short, or of another type) is left out: chapters show its alt text. An
 * image a browser shows but an EPUB cannot hold (WebP, AVIF…) is packaged as PNG (image-to-png.ts).
 */
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import type { RenderedBook } from '../../model.ts';
import { browserImageTypeOf, IMAGE_EXTENSIONS, imageTypeOf } from '../../util/media-types.ts';
import { cleanSvgFile } from './svg-file.ts';
import type { ToPng } from './image-to-png.ts';

export interface Media {
  id: string;
  href: string;
  data: Uint8Array;
  mediaType: string;
  /** What cleaning an SVG left out. */
  removed: string[];
}

/** Packaged files by their path in the book; `unusable` for images left out, with the reason. */
export interface MediaSet {
  packaged: Map<string, Media>;
  unusable: Map<string, string>;
}

export async function readMedia(rendered: RenderedBook, toPng: ToPng): Promise<MediaSet> {
  const used = new Set<string>();
  const packaged = new Map<string, Media>();
  const unusable = new Map<string, string>();
  // Files the book only links to (downloads, examples' sources) stay out: their links print as text.
  const assets = rendered.assets.filter((asset) => !asset.linkedOnly);
  // Read in parallel, named in a fixed order: names depend on the order.
  const data = await Promise.all(
    assets.map(async (a) => {
      const bytes: Uint8Array | undefined = await readFile(a.file).catch(() => undefined);
      const other = bytes && (a.url !== undefined || a.mediaType.startsWith('image/')) && browserImageTypeOf(bytes);
      return other ? { bytes: await toPng(bytes, other), converted: other } : { bytes, converted: undefined };
    }),
  );
  assets.forEach((asset, i) => {
    let bytes = data[i]!.bytes;
    const image = asset.url !== undefined || asset.mediaType.startsWith('image/');
    const mediaType = bytes && image ? imageTypeOf(bytes) : asset.mediaType;
    if (!bytes || !mediaType) {
      const converted = data[i]!.converted;
      unusable.set(
        asset.path,
        converted
          ? `is ${TYPE_NAMES[converted]} image, which an EPUB cannot hold, and no browser could convert it to PNG`
          : bytes
            ? 'is not a PNG, JPEG, GIF or SVG image an EPUB can hold'
            : 'cannot be read',
      );
      return;
    }
    let removed: string[] = [];
    if (mediaType === 'image/svg+xml') {
      const cleaned = cleanSvgFile(Buffer.from(bytes).toString('utf8'));
      bytes = Buffer.from(cleaned.text);
      removed = cleaned.removed;
    }
    let base = asset.path
      .replace(/^chapters\//, '')
      .replace(/[^A-Za-z0-9._/-]+/g, '-')
      .replace(/\/+/g, '-');
    const extension = IMAGE_EXTENSIONS[mediaType];
    const written = extname(base).toLowerCase();
    if (extension && written !== extension && !(written === '.jpeg' && extension === '.jpg')) {
      base = base.slice(0, base.length - written.length) + extension;
    }
    let href = `media/${base}`;
    for (let n = 2; used.has(href); n++) href = `media/${n}-${base}`;
    used.add(href);
    packaged.set(asset.path, { id: `media-${i + 1}`, href, data: bytes, mediaType, removed });
  });
  return { packaged, unusable };
}

const TYPE_NAMES: Record<string, string> = {
  'image/webp': 'a WebP',
  'image/avif': 'an AVIF',
  'image/bmp': 'a BMP',
  'image/x-icon': 'an icon (ICO)',
};
