/** The preview server exposes the built site and nothing else, to local names only. */
import assert from 'node:assert/strict';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { startPreviewServer, type PreviewServer } from '../../src/watch/preview-server.ts';
import { tempDir } from '../helpers.ts';

let server: PreviewServer;
let port: number;
let outside: string;

/** A raw request: the path goes on the wire exactly as written (no client-side normalisation). */
function get(path: string, host = `127.0.0.1:${port}`): Promise<{ status: number; body: string }> {
  return new Promise((done, fail) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { host }, method: 'GET' }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => done({ status: res.statusCode!, body }));
    });
    req.on('error', fail);
    req.end();
  });
}

before(async () => {
  const root = await tempDir();
  const site = join(root, 'dist', 'html');
  outside = join(root, 'secret.txt');
  await mkdir(join(site, 'assets'), { recursive: true });
  await writeFile(join(site, 'index.html'), '<html><body>index</body></html>');
  await writeFile(join(site, 'assets', 'base.css'), 'body{}');
  await writeFile(outside, 'TOP SECRET');
  await symlink(outside, join(site, 'leak.txt'));
  await symlink(root, join(site, 'up'));
  await mkdir(join(root, 'dist', 'handouts'));
  await writeFile(join(root, 'dist', 'handouts', '01-intro.pdf'), '%PDF-1.7 handout');
  await writeFile(join(root, 'dist', 'handouts', 'notes.txt'), 'not a handout');
  await symlink(outside, join(root, 'dist', 'handouts', 'leak.pdf'));
  const handoutsDir = join(root, 'dist', 'handouts');
  server = await startPreviewServer({ siteDir: site, handoutsDir, downloads: {}, host: '127.0.0.1', port: 0 });
  port = Number(new URL(server.url).port);
});
after(() => server.close());

test('the site is served, with the live-reload script added to pages', async () => {
  const index = await get('/');
  assert.equal(index.status, 200);
  assert.match(index.body, /index<script src="\/__quire\/client\.js"><\/script>/);
  assert.equal((await get('/assets/base.css')).status, 200);
});

test('path traversal in every encoding is refused, and nothing outside the site is served', async () => {
  const attempts = [
    '/../secret.txt',
    '/../../../../etc/passwd',
    '/%2e%2e/secret.txt',
    '/%2E%2E%2Fsecret.txt',
    '/..%2fsecret.txt',
    '/..%5csecret.txt',
    '/%5c..%5csecret.txt',
    '/%252e%252e%252fsecret.txt',
    '/assets/..%2f..%2fsecret.txt',
    '//etc/passwd',
    '/C:%5cWindows%5cwin.ini',
    '/index.html%00.css',
    '/%00',
    '/leak.txt',
    '/up/secret.txt',
    `/${encodeURIComponent(outside)}`,
    '/..\\secret.txt',
    '/%2e%2e%5csecret.txt',
    '/.%2e/secret.txt',
    '/%2e./secret.txt',
    '/./../secret.txt',
    '/assets/../../secret.txt',
    '/%c0%ae%c0%ae/secret.txt',
    '/%uff0e%uff0e/secret.txt',
    '/%ef%bc%8e%ef%bc%8e/secret.txt',
    '/..%00/secret.txt',
    '/%252e%252e/secret.txt',
    '/%25252e%25252e%25252fsecret.txt',
    `/${outside}`,
    `/..${outside}`,
  ];
  for (const path of attempts) {
    const { status, body } = await get(path);
    assert.ok(status === 403 || status === 404, `${path} answered ${status}`);
    assert.doesNotMatch(body, /TOP SECRET|root:/, path);
  }
});

test("the chapters' handouts beside the site are served under /__quire/handouts/, and nothing else there", async () => {
  const handout = await get('/__quire/handouts/01-intro.pdf');
  assert.equal(handout.status, 200);
  assert.equal(handout.body, '%PDF-1.7 handout');
  for (const path of [
    '/__quire/handouts/notes.txt',
    '/__quire/handouts/leak.pdf',
    '/__quire/handouts/../html/index.html',
    '/__quire/handouts/..%2f..%2fsecret.txt',
    '/__quire/handouts/%2e%2e/secret.txt',
    '/__quire/handouts/',
  ]) {
    const { status, body } = await get(path);
    assert.equal(status, 404, path);
    assert.doesNotMatch(body, /TOP SECRET|not a handout|index/, path);
  }
});

test('requests addressed to another name are refused (DNS rebinding)', async () => {
  for (const host of ['evil.example', 'evil.example:80', `attacker.test:${port}`, '127.0.0.1.nip.io']) {
    assert.equal((await get('/', host)).status, 403, host);
  }
  assert.equal((await get('/', `localhost:${port}`)).status, 200);
});

test('the event channel only carries build events', async () => {
  const events: string[] = [];
  await new Promise<void>((done) => {
    const req = request({ host: '127.0.0.1', port, path: '/__quire/events' }, (res) => {
      assert.equal(res.headers['content-type'], 'text/event-stream');
      res.on('data', (d) => {
        events.push(String(d));
        if (events.join('').includes('event: build')) {
          req.destroy();
          done();
        }
      });
      server.send('build', { ok: true });
    });
    req.end();
  });
  assert.match(events.join(''), /event: build\ndata: \{"ok":true\}/);
  assert.equal((await get('/__quire/anything')).status, 404);
});
