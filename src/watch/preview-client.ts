/**
 * The script the preview server adds to every page it serves (never to the built site): it listens
 * for build events, reloads the page when its content changed, swaps stylesheets in place, shows
 * build errors over the page, and links to the PDF and EPUB as they are rebuilt.
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
  const events = new EventSource('/__quire/events');
  events.addEventListener('reload', (e) => {
    const changed = JSON.parse(e.data);
    if (changed.includes(here) || changed.includes('*')) location.reload();
  });
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
