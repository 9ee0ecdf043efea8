/** Media types of the files a book embeds (EPUB manifests must name them exactly). */
import { extname } from 'node:path';
import { imageSize } from 'image-size';

const TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.svg': 'image/svg+xml',
  '.webp': 'image/webp',
  '.css': 'text/css',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.pdf': 'application/pdf',
  '.epub': 'application/epub+zip',
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.json': 'application/json',
  '.txt': 'text/plain',
};

export function mediaTypeOf(path: string): string {
  return TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/** Image types every EPUB 3 reading system shows, by image-size's name for them. */
const EPUB_IMAGES: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  gif: 'image/gif',
  svg: 'image/svg+xml',
};

/** Image types a browser shows but an EPUB cannot hold: converted to PNG for the EPUB. */
const BROWSER_IMAGES: Record<string, string> = {
  webp: 'image/webp',
  avif: 'image/avif',
  bmp: 'image/bmp',
  ico: 'image/x-icon',
};

/** The file extension for an image media type. */
export const IMAGE_EXTENSIONS: Record<string, string> = {
  'image/png': '.png',
  'image/jpeg': '.jpg',
  'image/gif': '.gif',
  'image/svg+xml': '.svg',
};

/**
 * An image's media type read from its bytes (its magic number, and a header that parses), whatever its
 * name says: `undefined` for data that is no image an EPUB can hold (corrupt, cut short, or another type).
 */
export function imageTypeOf(data: Uint8Array): string | undefined {
  return EPUB_IMAGES[sizedType(data) ?? ''];
}

/** The media type of an image a browser can show but an EPUB cannot hold (see BROWSER_IMAGES). */
export function browserImageTypeOf(data: Uint8Array): string | undefined {
  return BROWSER_IMAGES[sizedType(data) ?? ''];
}

function sizedType(data: Uint8Array): string | undefined {
  try {
    return imageSize(data).type;
  } catch {
    return undefined; // image-size throws for data it cannot read: that is the answer, not a failure
  }
}
