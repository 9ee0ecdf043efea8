/**
 * The script the preview server adds to every page it serves (never to the built site): it listens
 * for build events, refreshes the page when its content changed, swaps stylesheets in place, shows
 * build errors over the page, and links to the PDF and EPUB as they are rebuilt.
 *
 * A changed page is refreshed in place: its new content (sent with the message when few pages
 * changed, else fetched) is patched into the open page, so the reader keeps their scroll position
 * and the fonts and images already shown are not fetched again (a reload would, and waits for every font before showing anything). A page whose
 * stylesheets changed, or that has scripts of its own (other than the site's), is reloaded instead.
 * The site's search is told when a save rewrote its files: it loads the index again, and a changed chapter's text when next needed.
 */
export const PREVIEW_CLIENT = `(() => {
  const here = decodeURIComponent(location.pathname.replace(/^\\/+/, '')) || 'index.html';
  const bar = document.createElement('div');
  bar.id = 'quire-preview-bar';
  bar.style.cssText = 'position:fixed;right:12px;bottom:12px;z-index:2147483646;font:13px/1.4 system-ui,sans-serif;' +
    'background:#1d1d1f;color:#fff;border-radius:6px;padding:6px 10px;opacity:.85';
  const overlay = document.createElement('div');
  overlay.id = 'quire-error-overlay';
  overlay.style.cssText = 'position:fixed;inset:0;z-index:2147483647;background:rgba(20,20,20,.92);color:#ffd7d7;' +
    'padding:32px;overflow:auto;font:14px/1.5 ui-monospace,monospace;white-space:pre-wrap;display:none';
  const mount = () => { document.body.append(bar, overlay); };
  if (document.body) mount(); else addEventListener('DOMContentLoaded', mount);
  const link = (href, text) => { const a = document.createElement('a'); a.href = href; a.textContent = text; a.style.color = '#8ab4f8'; return a; };
  const showStatus = (s) => {
    bar.replaceChildren();
    for (const [format, state] of Object.entries(s)) {
      if (bar.childNodes.length) bar.append(' · ');
      if (state === 'ready') bar.append(link('/__quire/' + format, format.toUpperCase()));
      else bar.append(format.toUpperCase() + (state === 'building' ? ' rebuilding…' : state === 'failed' ? ' failed' : ''));
    }
  };
  // The site links to the PDF, the EPUB and the handouts beside its folder, which the preview does
  // not serve as such: it serves them under its own names.
  const downloads = () => {
    for (const a of document.querySelectorAll('a.download')) {
      const href = a.getAttribute('href');
      const handout = /\\/handouts\\/([^/]+\\.pdf)$/.exec(href)?.[1];
      const format = /\\.(pdf|epub)$/.exec(href)?.[1];
      if (handout) a.setAttribute('href', '/__quire/handouts/' + handout);
      else if (format) a.setAttribute('href', '/__quire/' + format);
    }
  };
  if (document.body) downloads(); else addEventListener('DOMContentLoaded', downloads);
  const sheets = (doc) => [...doc.querySelectorAll('link[rel=stylesheet]')].map((l) => l.getAttribute('href').split('?')[0]).join('\\n');
  const ours = 'script[src="/__quire/client.js"]';
  let refreshing = Promise.resolve();
  // The page's new content came with the message, or else is fetched.
  const refresh = async (pushed) => {
    let text = pushed;
    if (text === undefined) {
      const response = await fetch(location.href, { cache: 'no-store' });
      if (!response.ok) return location.reload();
      text = await response.text();
    }
    const doc = new DOMParser().parseFromString(text, 'text/html');
    // This script stays in both pages, so their bodies line up node for node.
    // The site's own scripts (data-quire) add to the page again when told it was patched.
    const scripts = [...doc.querySelectorAll('script')].filter((s) => !s.matches(ours) && !s.matches('[data-quire]'));
    if (sheets(doc) !== sheets(document) || scripts.length > 0) return location.reload();
    document.title = doc.title;
    for (const { name, value } of doc.body.attributes) document.body.setAttribute(name, value);
    bar.remove();
    overlay.remove();
    dispatchEvent(new Event('quire:before-refresh'));
    morph(document.body, doc.body);
    document.body.append(bar, overlay);
    downloads();
    dispatchEvent(new Event('quire:refreshed'));
  };
  // Only the nodes that differ are replaced (an edited paragraph, not the whole chapter), so the
  // browser lays out again just what changed. Children equal at the start and at the end are kept;
  // those between are patched pairwise, or, when some were added or removed, swapped as a run.
  const sameAttributes = (a, b) =>
    a.attributes.length === b.attributes.length && [...a.attributes].every((x) => b.getAttribute(x.name) === x.value);
  const morph = (from, to) => {
    const old = [...from.childNodes];
    const fresh = [...to.childNodes];
    let start = 0;
    while (start < old.length && start < fresh.length && old[start].isEqualNode(fresh[start])) start++;
    let end = 0;
    const room = Math.min(old.length, fresh.length) - start;
    while (end < room && old[old.length - 1 - end].isEqualNode(fresh[fresh.length - 1 - end])) end++;
    const gone = old.slice(start, old.length - end);
    const added = fresh.slice(start, fresh.length - end);
    if (gone.length === added.length) return gone.forEach((x, i) => patch(x, added[i]));
    const next = old[old.length - end] ?? null;
    gone.forEach((x) => x.remove());
    added.forEach((y) => from.insertBefore(y, next));
  };
  const patch = (x, y) => {
    if (x.nodeType !== y.nodeType || x.nodeName !== y.nodeName) x.replaceWith(y);
    else if (x.nodeType !== 1) x.nodeValue = y.nodeValue;
    else if (sameAttributes(x, y)) morph(x, y);
    else x.replaceWith(y);
  };
  const events = new EventSource('/__quire/events');
  events.addEventListener('reload', (e) => {
    const { pages, contents } = JSON.parse(e.data);
    if (pages.includes('*')) location.reload();
    else if (pages.includes(here)) refreshing = refreshing.then(() => refresh(contents[here])).catch(() => location.reload());
  });
  events.addEventListener('search', () => dispatchEvent(new Event('quire:search-changed')));
  events.addEventListener('css', () => {
    for (const sheet of document.querySelectorAll('link[rel=stylesheet]')) {
      const url = new URL(sheet.href);
      url.searchParams.set('v', Date.now());
      sheet.href = url.href;
    }
  });
  events.addEventListener('build', (e) => {
    const state = JSON.parse(e.data);
    overlay.textContent = state.ok ? '' : state.message;
    overlay.style.display = state.ok ? 'none' : 'block';
  });
  events.addEventListener('status', (e) => showStatus(JSON.parse(e.data)));
})();
`;
