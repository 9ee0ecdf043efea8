/*
 * The search box and its results, drawn from what search-core.js (before this, in the same
 * assets/search.js) finds: at once with what is known, and again as each chapter's text arrives.
 */
(() => {
  const { search, start, want } = window.quireSearch;

  // Texts that arrive together are drawn once; as a task rather than in the next frame, so the
  // drawing is in the frame that frame paints.
  let pending = false;
  function schedule() {
    if (pending) return;
    pending = true;
    setTimeout(() => {
      pending = false;
      show();
    }, 0);
  }

  const box = () => document.querySelector('.search-box');
  const panel = () => document.getElementById('search-results');

  function show() {
    const input = box();
    const out = panel();
    if (!input || !out) return;
    const query = input.value.trim();
    if (!query) {
      out.hidden = true;
      out.replaceChildren();
      return;
    }
    const results = search(query);
    if (results.loading) return;
    // Drawn at once with what the index knows, and again as each text arrives: snippets come in,
    // and a Chinese or Japanese candidate the text does not confirm goes.
    // Texts for snippets are asked for once this drawing is painted: their scripts run on this
    // thread, and would hold the first drawing back.
    if (results.needed.size > 0) {
      requestAnimationFrame(() =>
        setTimeout(() => {
          if (input.value.trim() === query) want(results.needed);
        }, 0),
      );
    }
    const focused = [...out.querySelectorAll('a')].indexOf(document.activeElement);
    const labels = document.body.dataset;
    const count = document.createElement('p');
    count.className = 'search-count';
    count.textContent = results.total ? labels.labelResults.replace('{n}', results.total) : labels.labelNoResults;
    const list = document.createElement('ol');
    for (const { chapter, section, first, snippet: parts, unconfirmed } of results) {
      const item = document.createElement('li');
      if (unconfirmed) item.className = 'search-unconfirmed';
      const a = document.createElement('a');
      a.href = chapter.href + '#' + encodeURIComponent(section.anchor);
      const where = document.createElement('span');
      where.className = 'search-where';
      where.textContent = first ? chapter.title : chapter.title + ' › ' + section.title;
      const text = document.createElement('span');
      text.className = 'search-snippet';
      for (const [part, marked] of parts ?? []) {
        if (!marked) text.append(part);
        else text.append(Object.assign(document.createElement('mark'), { textContent: part }));
      }
      a.append(where, text);
      item.append(a);
      list.append(item);
    }
    out.replaceChildren(count, list);
    out.hidden = false;
    // `data-shown`: the query drawn; `data-query`: the query drawn whole, every snippet in.
    out.dataset.shown = query;
    const whole = results.needed.size === 0;
    out.setAttribute('aria-busy', String(!whole));
    if (whole) out.dataset.query = query;
    if (focused !== -1) out.querySelectorAll('a')[focused]?.focus();
  }

  document.addEventListener('input', (event) => {
    if (!event.target.matches('.search-box')) return;
    start();
    show();
  });
  document.addEventListener('focusin', (event) => {
    if (event.target.matches('.search-box')) start();
  });
  document.addEventListener('keydown', (event) => {
    const input = box();
    if (event.key === 'Escape' && (event.target === input || panel()?.contains(event.target))) {
      input.value = '';
      show();
      input.blur();
    } else if (event.key === 'ArrowDown' && event.target === input) {
      event.preventDefault();
      panel()?.querySelector('a')?.focus();
    }
  });
  // A result on this page only moves the page: the results close.
  document.addEventListener('click', (event) => {
    if (event.target.closest('#search-results a')) {
      box().value = '';
      show();
    }
  });
  window.quireSearch.changed = schedule;
  addEventListener('quire:refreshed', schedule);
})();
