/**
 * Remote images, when book.yaml allows them: each URL is fetched once, with a time limit, into a
 * cache folder outside the book, and from then on is an asset like any local image.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RenderedBook } from '../model.ts';
import { writeFileAtomic } from '../util/atomic.ts';
import { QuireError, QuireErrors } from '../util/errors.ts';

const TIMEOUT_MS = 15_000;
const MAX_BYTES = 20 * 1024 * 1024;

export async function fetchRemoteImages(
  rendered: RenderedBook,
  cacheDir = defaultCacheDir(rendered.book.root),
): Promise<void> {
  const remote = rendered.assets.filter((a) => a.url);
  if (remote.length === 0) return;
  await mkdir(cacheDir, { recursive: true });
  const errors: QuireError[] = [];
  await Promise.all(
    remote.map(async (asset) => {
      const file = join(cacheDir, asset.path.replace(/^remote\//, ''));
      try {
        if (!existsSync(file)) await writeFileAtomic(file, await download(asset.url!));
        asset.file = file;
      } catch (cause) {
        errors.push(
          new QuireError(`remote image \`${asset.url}\` could not be fetched: ${(cause as Error).message}`, {
            file: asset.from?.file,
            line: asset.from?.line,
            cause,
            hint: 'check the URL and the network, or download the image into the book',
          }),
        );
      }
    }),
  );
  if (errors.length > 0) throw new QuireErrors(errors);
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

function defaultCacheDir(root: string): string {
  return join(tmpdir(), 'quire-remote-images', createHash('sha256').update(root).digest('hex').slice(0, 16));
}
