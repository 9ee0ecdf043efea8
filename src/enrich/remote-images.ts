/**
 * Enrich: remote images, when book.yaml allows them: each URL is fetched once, with a time limit, into the
 * user's cache (util/user-cache.ts), and from then on is an asset like any local image. With the
 * cache off, they are fetched into a work folder that lives as long as the build's outputs need it.
 */
import { join } from 'node:path';
import type { Asset, RenderedBook } from '../model.ts';
import { writeFileAtomic } from '../util/atomic.ts';
import type { UserCache } from '../util/user-cache.ts';
import { QuireError, QuireErrors } from '../util/errors.ts';

const TIMEOUT_MS = 15_000;
const MAX_BYTES = 20 * 1024 * 1024;

/** The book's assets, each remote image with the file it was fetched into. */
export async function fetchRemoteImages(
  rendered: RenderedBook,
  cache: UserCache,
  /** Where images go when the cache is off: a work folder the caller removes after the outputs. */
  work: () => Promise<string>,
): Promise<Asset[]> {
  const errors: QuireError[] = [];
  const assets = await Promise.all(
    rendered.assets.map(async (asset): Promise<Asset> => {
      if (!asset.url) return asset;
      try {
        const cached = cache.get('remote-images', asset.url);
        if (cached) return { ...asset, file: cached.file };
        const data = await download(asset.url);
        const ext = /\.\w+$/.exec(asset.path)?.[0] ?? '';
        const kept = cache.put('remote-images', asset.url, data, ext);
        if (kept) return { ...asset, file: kept };
        const file = join(await work(), asset.path.replace(/^remote\//, ''));
        await writeFileAtomic(file, data);
        return { ...asset, file };
      } catch (cause) {
        errors.push(
          new QuireError(`remote image \`${asset.url}\` could not be fetched: ${(cause as Error).message}`, {
            file: asset.from?.file,
            line: asset.from?.line,
            cause,
            hint: 'check the URL and the network, or download the image into the book',
          }),
        );
        return asset;
      }
    }),
  );
  if (errors.length > 0) throw new QuireErrors(errors);
  return assets;
}

async function download(url: string): Promise<Uint8Array> {
  const response = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS), redirect: 'follow' });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const type = response.headers.get('content-type') ?? '';
  if (!type.startsWith('image/')) throw new Error(`it is ${type || 'of no stated type'}, not an image`);
  const data = new Uint8Array(await response.arrayBuffer());
  if (data.byteLength > MAX_BYTES) throw new Error(`it is larger than ${MAX_BYTES / 1024 / 1024} MB`);
  return data;
}
