/**
 * The preview server: serves the last good HTML site from the output folder, on 127.0.0.1 unless
 * told otherwise, and pushes build events to open pages over server-sent events. It answers only
 * for files inside the site folder (403/404 for anything that would leave it, however encoded) and
 * only to requests addressed to a local name, so a web page elsewhere cannot reach it by DNS rebinding.
 */
import { createReadStream, readFileSync, realpathSync, statSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, sep } from 'node:path';
import { mediaTypeOf } from '../util/media-types.ts';
import { PREVIEW_CLIENT } from './preview-client.ts';

export interface PreviewServerOptions {
  /** The site folder (dist/html). */
  siteDir: string;
  /** Extra files served by name: `/__quire/pdf` and `/__quire/epub`. */
  downloads: Record<string, () => string | undefined>;
  /**
   * The chapters' handouts (dist/handouts), beside the site as the PDF is: the pages link to them
   * there, and the preview serves them as `/__quire/handouts/<name>.pdf`.
   */
  handoutsDir?: string;
  host: string;
  port: number;
}

export interface PreviewServer {
  url: string;
  /** Send an event to every open page. */
  send(event: string, data: unknown): void;
  /**
   * Tell the open pages that these site paths changed (`*`: everything). When only a few did,
   * their content goes with the message, so a page shows its new text without asking for it.
   */
  reload(pages: string[]): void;
  close(): Promise<void>;
}

/** Pages whose new content goes with a reload message (an edit changes one or two). */
const PUSHED_PAGES = 4;

const LOCAL_NAMES = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

export async function startPreviewServer(options: PreviewServerOptions): Promise<PreviewServer> {
  const clients = new Set<ServerResponse>();
  const last = new Map<string, string>(); // the latest of each event, for pages that connect later
  const server = createServer((req, res) => {
    handle(req, res, options, clients, last).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  const port = await listen(server, options.host, options.port);
  const shownHost = options.host.includes(':') ? `[${options.host}]` : options.host;
  const preview: PreviewServer = {
    url: `http://${shownHost}:${port}/`,
    send(event, data) {
      const message = `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
      // The latest build state and output status are replayed to pages that connect later.
      if (event === 'build' || event === 'status') last.set(event, message);
      for (const client of clients) client.write(message);
    },
    reload(pages) {
      const contents: Record<string, string> = {};
      if (pages.length <= PUSHED_PAGES && !pages.includes('*')) {
        for (const page of pages.filter((p) => p.endsWith('.html'))) {
          const file = siteFile(options.siteDir, page);
          const html = file && file !== 'forbidden' ? previewPage(file) : undefined;
          if (html !== undefined) contents[page] = html;
        }
      }
      preview.send('reload', { pages, contents });
    },
    async close() {
      for (const client of clients) client.end();
      const closed = new Promise<void>((done) => server.close(() => done()));
      server.closeAllConnections(); // idle keep-alive sockets would hold close() open
      await closed;
    },
  };
  return preview;
}

/** Listen on `port`, or the next free one. */
async function listen(server: Server, host: string, port: number): Promise<number> {
  for (let candidate = port; ; candidate++) {
    const ok = await new Promise<boolean>((done) => {
      const onError = (e: NodeJS.ErrnoException) => {
        server.off('listening', onListening);
        if (e.code === 'EADDRINUSE' && candidate < port + 100 && port !== 0) done(false);
        else throw e;
      };
      const onListening = () => {
        server.off('error', onError);
        done(true);
      };
      server.once('error', onError);
      server.once('listening', onListening);
      server.listen(candidate, host);
    });
    if (ok) return (server.address() as AddressInfo).port;
  }
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  options: PreviewServerOptions,
  clients: Set<ServerResponse>,
  last: Map<string, string>,
): Promise<void> {
  const hostName = (req.headers.host ?? '').replace(/:\d+$/, '').toLowerCase();
  if (!LOCAL_NAMES.has(hostName) && hostName !== options.host.toLowerCase()) {
    res.writeHead(403, { 'content-type': 'text/plain' }).end('Forbidden: this preview answers to local names only\n');
    return;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD' }).end();
    return;
  }
  const rawPath = (req.url ?? '/').split('?')[0]!;
  if (rawPath === '/__quire/events') {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
    res.write(': connected\n\n');
    for (const message of last.values()) res.write(message);
    clients.add(res);
    req.on('close', () => clients.delete(res));
    return;
  }
  if (rawPath === '/__quire/client.js') {
    res
      .writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' })
      .end(PREVIEW_CLIENT);
    return;
  }
  const handout = /^\/__quire\/handouts\/(.+)$/.exec(rawPath)?.[1];
  if (handout !== undefined) {
    const name = safePath(handout);
    const file = name && options.handoutsDir ? siteFile(options.handoutsDir, name) : undefined;
    if (!file || file === 'forbidden' || !file.endsWith('.pdf')) return notFound(res);
    return sendFile(res, req, file);
  }
  const download = /^\/__quire\/(\w+)$/.exec(rawPath)?.[1];
  if (download) {
    const file = options.downloads[download]?.();
    if (!file) return notFound(res);
    return sendFile(res, req, file);
  }
  const path = safePath(rawPath);
  if (path === undefined) {
    res.writeHead(403, { 'content-type': 'text/plain' }).end('Forbidden\n');
    return;
  }
  const real = siteFile(options.siteDir, path);
  if (!real) return notFound(res);
  if (real === 'forbidden') {
    res.writeHead(403, { 'content-type': 'text/plain' }).end('Forbidden\n');
    return;
  }
  if (real.endsWith('.html')) {
    const page = previewPage(real);
    if (page === undefined) return notFound(res);
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(req.method === 'HEAD' ? undefined : page);
    return;
  }
  return sendFile(res, req, real);
}

/**
 * The file a site path names, or 'forbidden' for a symbolic link that leads out of the site.
 * One author's pages on this machine: looked up synchronously, a page is answered at once
 * instead of after four trips through libuv's thread pool.
 */
function siteFile(siteDir: string, path: string): string | 'forbidden' | undefined {
  const root = tryFs(() => realpathSync(siteDir));
  if (!root) return undefined;
  let file = join(root, path);
  let info = tryFs(() => statSync(file));
  if (info?.isDirectory()) {
    file = join(file, 'index.html');
    info = tryFs(() => statSync(file));
  }
  if (!info?.isFile()) return undefined;
  const real = tryFs(() => realpathSync(file));
  if (!real) return undefined;
  return real === root || real.startsWith(root + sep) ? real : 'forbidden';
}

/** A page as the preview shows it: with the live-reload script. */
function previewPage(file: string): string | undefined {
  const html = tryFs(() => readFileSync(file, 'utf8'));
  return html?.replace(/<\/body>/i, '<script src="/__quire/client.js"></script>\n</body>');
}

/** The result, or undefined when the file is not there (or went away between two looks). */
function tryFs<T>(look: () => T): T | undefined {
  try {
    return look();
  } catch {
    return undefined;
  }
}

/**
 * The request path as a relative path inside the site, or undefined when it tries to leave it:
 * decoded once (and refused if decoding again would change it), no `..` segments, no backslashes,
 * no NUL bytes, no drive letters.
 */
export function safePath(rawPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return undefined;
  }
  if (/%[0-9a-f]{2}/i.test(decoded)) return undefined; // double encoding
  if (decoded.includes('\0') || decoded.includes('\\') || /^\/*[a-z]:/i.test(decoded)) return undefined;
  const segments = decoded.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.some((s) => s === '..')) return undefined;
  return segments.join('/');
}

function notFound(res: ServerResponse): void {
  res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found\n');
}

async function sendFile(res: ServerResponse, req: IncomingMessage, file: string): Promise<void> {
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) return notFound(res);
  const type = mediaTypeOf(file);
  // Stylesheets, fonts and images are checked again on every use but sent only when changed (the
  // site is rewritten file by file, atomically, so size and time identify a version).
  const etag = `"${info.size.toString(36)}-${Math.trunc(info.mtimeMs).toString(36)}"`;
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, { etag, 'cache-control': 'no-cache' }).end();
    return;
  }
  res.writeHead(200, {
    'content-type': type.startsWith('text/') ? `${type}; charset=utf-8` : type,
    'content-length': info.size,
    'cache-control': 'no-cache',
    etag,
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(file).pipe(res);
}
