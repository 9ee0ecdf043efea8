/**
 * The HTML site in a real browser over a real HTTP server: the index and its contents, every
 * internal link and fragment, every image, the prev/next chain, and no failed request.
 */
import assert from 'node:assert/strict';
import { createReadStream } from 'node:fs';
import { readFile, rm, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { after, before, describe, test } from 'node:test';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { parse as parseYaml } from 'yaml';
import { build, type BuildResult } from '../../../src/index.ts';
import { ROOT, tempDir } from '../../helpers.ts';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.woff2': 'font/woff2',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
};

/** A static file server for `dir` on 127.0.0.1, on a free port. */
async function serve(dir: string): Promise<{ server: Server; origin: string }> {
  const server = createServer((req, res) => {
    void (async () => {
      try {
        const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
        let file = normalize(join(dir, path));
        if (file !== dir && !file.startsWith(dir + sep)) throw new Error('outside the site');
        if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
        await stat(file);
        res.writeHead(200, { 'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream' });
        createReadStream(file).pipe(res);
      } catch {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

interface PageData {
  /** URL without fragment. */
  url: string;
  status: number;
  bodyText: string;
  /** Texts of the h1 elements inside `main`. */
  mainHeadings: string[];
  /** Every a[href], in document order: href as the browser resolves it, text as shown. */
  anchors: { href: string; text: string; visible: boolean; inMain: boolean }[];
  /** Every a[href], as the browser resolves it. */
  links: string[];
  ids: string[];
  images: { src: string; complete: boolean; naturalWidth: number }[];
  prev: string[];
  next: string[];
}

const withoutHash = (url: string) => url.replace(/#.*$/, '');

let out: string;
let result: BuildResult;
let server: Server | undefined;
let origin: string;
let browser: Browser | undefined;
/** Every internal HTML page reached from the index, by URL. */
const pages = new Map<string, PageData>();
/** Status of every internal link target, by URL without fragment. */
const statuses = new Map<string, number>();
const failedRequests: string[] = [];
const foreignRequests: string[] = [];

async function visit(page: Page, url: string): Promise<PageData> {
  const response = await page.goto(url, { waitUntil: 'load' });
  // Fonts load once text needs them; let them finish so no request is cut off by the next page.
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  const data = await page.evaluate(() => {
    const main = document.querySelector('main');
    return {
      bodyText: document.body.innerText,
      mainHeadings: [...(main?.querySelectorAll('h1') ?? [])].map((h) => h.textContent!.trim()),
      anchors: [...document.querySelectorAll('a[href]')].map((a) => ({
        href: (a as HTMLAnchorElement).href,
        text: (a as HTMLElement).innerText.replace(/\s+/g, ' ').trim(),
        visible: a.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true }),
        inMain: main?.contains(a) ?? false,
      })),
      links: [...document.querySelectorAll('a[href]')].map((a) => (a as HTMLAnchorElement).href),
      ids: [...document.querySelectorAll('[id]')].map((e) => e.id),
      images: [...document.images].map((img) => ({
        src: img.currentSrc || img.src,
        complete: img.complete,
        naturalWidth: img.naturalWidth,
      })),
      prev: [...document.querySelectorAll('a[rel~="prev"]')].map((a) => (a as HTMLAnchorElement).href),
      next: [...document.querySelectorAll('a[rel~="next"]')].map((a) => (a as HTMLAnchorElement).href),
    };
  });
  return { url, status: response?.status() ?? 0, ...data };
}

before(async () => {
  out = await tempDir('quire-site-');
  result = await build({ root: ROOT, outDir: out, formats: ['html'] });
  const index = result.files.html?.[0];
  assert.ok(index, 'the build wrote no site');
  ({ server, origin } = await serve(join(out, 'html')));
  browser = await puppeteer.launch({
    executablePath: process.env.PUPPETEER_EXECUTABLE_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  const page = await browser.newPage();
  page.on('requestfailed', (r) => failedRequests.push(`${r.url()}: ${r.failure()?.errorText ?? 'failed'}`));
  page.on('response', (r) => {
    // Chromium asks for /favicon.ico by itself when a page names no icon; the site has none to offer.
    if (r.status() === 404 && new URL(r.url()).pathname === '/favicon.ico') return;
    if (r.status() >= 400) failedRequests.push(`${r.url()}: HTTP ${r.status()}`);
  });
  page.on('request', (r) => {
    if (!r.url().startsWith(origin + '/') && !r.url().startsWith('data:')) foreignRequests.push(r.url());
  });

  // Crawl: every internal link target; HTML pages are opened in the browser and their links followed.
  const queue = [`${origin}/index.html`];
  statuses.set(queue[0]!, 0);
  while (queue.length > 0) {
    const url = queue.shift()!;
    const response = await fetch(url);
    await response.arrayBuffer();
    statuses.set(url, response.status);
    if (response.status !== 200 || !response.headers.get('content-type')?.startsWith('text/html')) continue;
    const data = await visit(page, url);
    pages.set(url, data);
    for (const link of data.links) {
      const target = withoutHash(link);
      if (!target.startsWith(origin + '/') || statuses.has(target)) continue;
      statuses.set(target, 0);
      queue.push(target);
    }
  }
  await page.close();
});

after(async () => {
  await browser?.close();
  if (server) await new Promise((resolve) => server!.close(resolve));
  if (out) await rm(out, { recursive: true, force: true });
});

/** The page of each chapter, in reading order: the page whose main h1 is the chapter's title. */
function chapterPages(): PageData[] {
  return result.rendered.chapters.map((c) => {
    const found = [...pages.values()].filter((p) => p.mainHeadings.includes(c.chapter.title));
    assert.equal(
      found.length,
      1,
      `pages with “${c.chapter.title}” as main heading: ${found.map((p) => p.url).join(', ')}`,
    );
    return found[0]!;
  });
}

function indexPage(): PageData {
  const index = pages.get(`${origin}/index.html`);
  assert.ok(index, 'index.html was not opened');
  return index;
}

/** `anchors` link every chapter page, first links in reading order, each showing the chapter's title. */
function assertContents(anchors: PageData['anchors']): void {
  const chapterUrls = chapterPages().map((p) => p.url);
  const first = new Map<string, PageData['anchors'][number]>();
  for (const a of anchors) if (chapterUrls.includes(a.href) && !first.has(a.href)) first.set(a.href, a);
  assert.deepEqual([...first.keys()], chapterUrls, 'the contents do not link every chapter page, in order');
  chapterUrls.forEach((url, i) => {
    const title = result.rendered.chapters[i]!.chapter.title;
    const text = first.get(url)!.text;
    assert.ok(text.includes(title), `the contents entry “${text}” for ${url} does not show “${title}”`);
  });
}

describe('HTML site in a browser', () => {
  test('the index shows the book title and a table of contents with every chapter', async () => {
    const config = parseYaml(await readFile(join(ROOT, 'book.yaml'), 'utf8')) as { title: string };
    const index = indexPage();
    assert.equal(index.status, 200);
    assert.ok(index.bodyText.includes(config.title), `the index does not show “${config.title}”`);
    assert.ok(index.mainHeadings.includes(config.title), `no h1 in main reads “${config.title}”`);
    // Visible links to the chapter pages, the first to each in document order: the contents.
    assertContents(index.anchors.filter((a) => a.visible));
  });

  test('the contents section of the index’s main column is shown', () => {
    // layout.hbs puts a contents section (heading and list, with sections) under the cover.
    assertContents(indexPage().anchors.filter((a) => a.inMain && a.visible));
  });

  test('every chapter page was reached from the index', () => {
    assert.equal(chapterPages().length, result.rendered.chapters.length);
  });

  test('every internal link resolves: the target returns 200 and has the fragment’s id', () => {
    const broken: string[] = [];
    let checked = 0;
    for (const page of pages.values()) {
      for (const link of page.links) {
        if (!link.startsWith(origin + '/')) continue;
        checked++;
        const target = withoutHash(link);
        const status = statuses.get(target);
        if (status !== 200) {
          broken.push(`${page.url}: ${link} → HTTP ${status}`);
          continue;
        }
        const hash = new URL(link).hash;
        if (!hash) continue;
        const id = decodeURIComponent(hash.slice(1));
        const targetPage = pages.get(target);
        if (!targetPage) broken.push(`${page.url}: ${link} → not an HTML page, cannot hold #${id}`);
        else if (!targetPage.ids.includes(id)) broken.push(`${page.url}: ${link} → no element with id “${id}”`);
      }
    }
    assert.ok(checked > 0, 'no internal links found');
    assert.deepEqual(broken, []);
  });

  test('every image loads', () => {
    const images = [...pages.values()].flatMap((p) => p.images.map((img) => ({ page: p.url, ...img })));
    const rendered = result.rendered.chapters.reduce((n, c) => n + (c.html.match(/<img\b/g) ?? []).length, 0);
    assert.ok(images.length >= rendered, `${images.length} images on the site, the chapters have ${rendered}`);
    const broken = images.filter((img) => !img.complete || img.naturalWidth === 0);
    assert.deepEqual(
      broken.map((img) => `${img.page}: ${img.src}`),
      [],
    );
  });

  test('prev/next links chain through every chapter in order', () => {
    const chapters = chapterPages();
    const urls = chapters.map((p) => p.url);
    chapters.forEach((page, i) => {
      const name = `${page.url} (chapter ${i})`;
      assert.deepEqual(page.prev.map(withoutHash), i > 0 ? [urls[i - 1]] : [], `${name}: prev link`);
      assert.deepEqual(page.next.map(withoutHash), i < urls.length - 1 ? [urls[i + 1]] : [], `${name}: next link`);
    });
    // Following next from the first chapter visits every chapter once, in order.
    const walk: string[] = [];
    for (let url: string | undefined = urls[0]; url && walk.length <= urls.length;) {
      walk.push(url);
      const next = pages.get(url)?.next[0];
      url = next && withoutHash(next);
    }
    assert.deepEqual(walk, urls);
  });

  test('no request failed, none went off the local server', () => {
    assert.ok(pages.size > 1, 'the crawl opened no pages');
    assert.deepEqual(failedRequests, []);
    assert.deepEqual(foreignRequests, []);
  });
});
