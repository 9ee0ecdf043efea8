/**
 * Quire's cache folder (src/util/user-cache.ts): private, checked on every read, kept under its bound.
 * Entries are looked at on disk here, as another process (or another user) would see them.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { UserCache, quireCacheRoot } from '../../src/util/user-cache.ts';
import { tempDir } from '../helpers.ts';

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

test('the cache root follows XDG: $XDG_CACHE_HOME/quire when absolute, else ~/.cache/quire', () => {
  assert.equal(quireCacheRoot({ XDG_CACHE_HOME: '/x/cache', HOME: '/home/a' }), '/x/cache/quire');
  assert.equal(quireCacheRoot({ XDG_CACHE_HOME: 'relative', HOME: '/home/a' }), '/home/a/.cache/quire');
  assert.equal(quireCacheRoot({ HOME: '/home/a' }), '/home/a/.cache/quire');
});

test('an entry is named by its content hash, private, and read back only while whole', async () => {
  const root = join(await tempDir(), 'quire');
  const cache = new UserCache({ root });
  assert.equal(cache.problem, undefined);
  assert.equal(statSync(root).mode & 0o777, 0o700);
  const file = cache.put('diagrams', 'flowchart A --> B', '<svg>drawn</svg>', '.svg')!;
  assert.equal(file, join(root, 'diagrams', `${sha256('<svg>drawn</svg>')}.svg`));
  assert.equal(statSync(file).mode & 0o777, 0o600);
  assert.equal(statSync(join(root, 'diagrams')).mode & 0o777, 0o700);
  assert.equal(new UserCache({ root }).get('diagrams', 'flowchart A --> B')?.data.toString(), '<svg>drawn</svg>');
  assert.equal(cache.get('diagrams', 'another source'), undefined);

  // Changed content: no longer what its name says.
  writeFileSync(file, '<svg>planted</svg>', { mode: 0o600 });
  assert.equal(cache.get('diagrams', 'flowchart A --> B'), undefined);
  cache.put('diagrams', 'flowchart A --> B', '<svg>drawn</svg>', '.svg');
  assert.equal(readFileSync(file, 'utf8'), '<svg>drawn</svg>', 'made again');

  // Whole, but writable by others: not trusted.
  chmodSync(file, 0o666);
  assert.equal(cache.get('diagrams', 'flowchart A --> B'), undefined);
});

test('a ref cannot point outside its folder', async () => {
  const root = join(await tempDir(), 'quire');
  const cache = new UserCache({ root });
  cache.put('covers', 'cover page', 'png bytes', '.png');
  const ref = readdirSync(join(root, 'covers')).find((f) => f.endsWith('.ref'))!;
  const outside = join(root, 'secret');
  writeFileSync(outside, 'secret', { mode: 0o600 });
  writeFileSync(join(root, 'covers', ref), `../secret`, { mode: 0o600 });
  assert.equal(cache.get('covers', 'cover page'), undefined);
});

test('--no-cache: nothing read, nothing written', async () => {
  const root = join(await tempDir(), 'quire');
  new UserCache({ root }).put('diagrams', 'key', 'value');
  const off = new UserCache({ root, enabled: false });
  assert.equal(off.get('diagrams', 'key'), undefined);
  assert.equal(off.put('diagrams', 'other', 'value'), undefined);
  assert.equal(readdirSync(join(root, 'diagrams')).length, 2, 'only the first entry and its ref');
});

test('pruning keeps the cache under its bound, removing what was used longest ago', async () => {
  const root = join(await tempDir(), 'quire');
  const cache = new UserCache({ root });
  const files = ['a', 'b', 'c', 'd'].map((k, i) => {
    const file = cache.put('remote-images', `https://example.org/${k}.png`, k.repeat(1000), '.png')!;
    utimesSync(file, new Date(1_000_000 + i * 1000), new Date(1_000_000 + i * 1000));
    return file;
  });
  cache.get('remote-images', 'https://example.org/a.png'); // used now: the newest
  await cache.prune(2500);
  const left = readdirSync(join(root, 'remote-images')).filter((f) => !f.endsWith('.ref'));
  assert.deepEqual(left.sort(), [files[0]!, files[3]!].map((f) => f.split('/').at(-1)!).sort());
});

test('a cache folder that belongs to another user is not used', { skip: process.getuid?.() !== 0 }, async () => {
  // Only root can give a folder away; CI runs the tests as root.
  const root = join(await tempDir(), 'quire');
  mkdirSync(root, { mode: 0o700 });
  chownSync(root, 65534, 65534);
  const cache = new UserCache({ root });
  assert.match(cache.problem ?? '', /belongs to another user/);
  assert.equal(cache.put('diagrams', 'key', 'value'), undefined);
});
