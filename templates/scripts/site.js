/*
 * The site's script: the theme toggle, the menu button on narrow screens, the arrow keys to the
 * previous and next chapters, `/` and `s` to search, heading anchors and copy buttons on code.
 * Everything it adds is extra: without it the pages read, list their contents and link onwards.
 * Watch mode's preview patches pages in place and then sends `quire:refreshed`, so what this
 * script adds to the page is added again where the patch replaced it.
 */
(() => {
  const root = document.documentElement;
  const labels = () => document.body.dataset;
  const dark = matchMedia('(prefers-color-scheme: dark)');
  const isDark = () => root.dataset.theme === 'dark' || (root.dataset.theme !== 'light' && dark.matches);

  const enhance = () => {
    const toggle = document.querySelector('.theme-toggle');
    if (toggle) toggle.setAttribute('aria-pressed', String(isDark()));
    const menu = document.querySelector('.menu-button');
    if (menu) menu.setAttribute('aria-expanded', String(root.classList.contains('menu-open')));
    for (const heading of document.querySelectorAll('.site-main :is(h2, h3, h4, h5, h6)[id]')) {
      if (heading.querySelector('.heading-anchor')) continue;
      const a = document.createElement('a');
      a.className = 'heading-anchor';
      a.href = '#' + encodeURIComponent(heading.id);
      a.textContent = '#';
      a.setAttribute('aria-label', labels().labelAnchor.replace('{title}', heading.textContent.trim()));
      heading.append(a);
    }
    for (const pre of document.querySelectorAll('.site-main pre')) {
      if (pre.parentElement.classList.contains('code-block')) continue;
      const box = document.createElement('div');
      box.className = 'code-block';
      pre.replaceWith(box);
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'copy-button';
      button.textContent = labels().labelCopy;
      box.append(pre, button);
    }
  };

  const copy = async (button) => {
    const text = button.parentElement.querySelector('pre').innerText;
    try {
      await navigator.clipboard.writeText(text);
    } catch {
      // file:// pages and older browsers: the selection and the old command.
      const area = Object.assign(document.createElement('textarea'), { value: text });
      document.body.append(area);
      area.select();
      document.execCommand('copy');
      area.remove();
    }
    button.textContent = labels().labelCopied;
    setTimeout(() => (button.textContent = labels().labelCopy), 1500);
  };

  document.addEventListener('click', (event) => {
    const target = event.target.closest('button');
    if (!target) return;
    if (target.matches('.theme-toggle')) {
      const theme = isDark() ? 'light' : 'dark';
      root.dataset.theme = theme;
      try {
        localStorage.setItem('quire-theme', theme);
      } catch {
        // Storage refused (private windows): the choice lasts for this page.
      }
      target.setAttribute('aria-pressed', String(isDark()));
    } else if (target.matches('.menu-button')) {
      const open = root.classList.toggle('menu-open');
      target.setAttribute('aria-expanded', String(open));
      if (open) document.querySelector('#site-toc a[aria-current], #site-toc a')?.focus();
    } else if (target.matches('.copy-button')) {
      void copy(target);
    }
  });

  const typing = (el) => el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
  document.addEventListener('keydown', (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey || event.defaultPrevented || typing(event.target)) return;
    if (event.key === '/' || event.key === 's') {
      const box = document.querySelector('.search-box');
      if (!box) return;
      event.preventDefault();
      box.focus();
      box.select();
    } else if (event.key === 'ArrowLeft' || event.key === 'ArrowRight') {
      if (event.shiftKey) return;
      const link = document.querySelector(event.key === 'ArrowLeft' ? 'a[rel~="prev"]' : 'a[rel~="next"]');
      if (link) location.href = link.href;
    } else if (event.key === 'Escape' && root.classList.contains('menu-open')) {
      root.classList.remove('menu-open');
      document.querySelector('.menu-button')?.setAttribute('aria-expanded', 'false');
    }
  });
  // Before the preview patches the page, what this script added is taken out, so the page matches
  // the new one node for node; afterwards the same nodes go back where their hosts are still shown.
  const strip = () => {
    const undo = [];
    for (const a of document.querySelectorAll('.site-main .heading-anchor')) {
      const heading = a.parentElement;
      a.remove();
      undo.push(() => heading.isConnected && !heading.querySelector('.heading-anchor') && heading.append(a));
    }
    for (const box of document.querySelectorAll('.site-main .code-block')) {
      const pre = box.querySelector('pre');
      box.replaceWith(pre);
      undo.push(() => {
        if (!pre.isConnected || pre.parentElement.classList.contains('code-block')) return;
        pre.replaceWith(box);
        box.prepend(pre);
      });
    }
    return undo;
  };
  // The search results open below the header, whose height varies: on a phone the book's title has
  // a row of its own under the controls, and a long one wraps.
  const header = document.querySelector('.site-header');
  if (header && window.ResizeObserver) {
    new window.ResizeObserver(() => root.style.setProperty('--header-height', `${header.offsetHeight}px`)).observe(header);
  }
  let undo = [];
  dark.addEventListener('change', enhance);
  addEventListener('quire:before-refresh', () => (undo = strip()));
  addEventListener('quire:refreshed', () => {
    undo.forEach((put) => put());
    undo = [];
    enhance();
  });
  enhance();
})();
