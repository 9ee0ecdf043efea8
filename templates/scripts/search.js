/*
 * The site's search, with no server: each chapter's sections come as a script of their own
 * (assets/search/<id>.js, listed by assets/search/index.js), loaded when the reader first turns to
 * the search box, and indexed here as they arrive. Scripts rather than JSON, so that a site opened
 * from file:// can search too.
 *
 * One tokenizer for the text and the query: Chinese and Japanese runs give their characters and
 * their overlapping pairs (容器編排: 容 器 編 排 容器 器編 編排), so a phrase is found wherever its
 * pairs are, with no dictionary; Korean, Latin and other scripts give their words. Text is folded
 * first (lower case, accents and full-width forms dropped) one character for one, so a match in
 * the folded text is at the same place in the text shown.
 */
(() => {
  const base = new URL('search/', document.currentScript.src);
  const CJK = '\\p{sc=Han}\\p{sc=Hiragana}\\p{sc=Katakana}\\u30fc\\u3005\\u3006';
  const SEGMENT = new RegExp(`[${CJK}]+|(?:(?![${CJK}])[\\p{L}\\p{N}\\p{M}_])+`, 'gu');
  const IS_CJK = new RegExp(`^[${CJK}]`, 'u');
  const TITLE_WEIGHT = 5;
  const PHRASE_BONUS = 20;
  const MAX_RESULTS = 30;

  // Letters that are a base letter with a stroke, which Unicode does not decompose.
  const STROKED = { ł: 'l', ø: 'o', đ: 'd', ħ: 'h', ı: 'i', ŧ: 't', ƀ: 'b', ɨ: 'i', ʉ: 'u' };
  const fold = (text) => {
    const lower = text.replace(/\u0130/g, 'I').toLowerCase();
    const folded = lower.replace(
      /[\u00c0-\u024f\u1e00-\u1eff\uff01-\uff5e]/g,
      (c) => STROKED[c] ?? c.normalize('NFKD').charAt(0).toLowerCase(),
    );
    return folded.length === text.length ? folded : text;
  };

  /** Each token of folded text, with where its segment starts and whether it is CJK. */
  const segments = (text) => [...text.matchAll(SEGMENT)].map((m) => ({ text: m[0], cjk: IS_CJK.test(m[0]) }));
  const tokensOf = (segment) => {
    if (!segment.cjk) return [segment.text];
    const chars = Array.from(segment.text);
    const out = chars.slice();
    for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i] + chars[i + 1]);
    return out;
  };

  /** Loaded pieces, by chapter id: their sections and an index of token → [section, weight, …]. */
  const pieces = new Map();
  let listed = new Map();
  let asked = false;

  const load = (file, version) => {
    const script = document.createElement('script');
    script.src = new URL(file + '?v=' + encodeURIComponent(version), base).href;
    script.async = true;
    script.onload = script.onerror = () => script.remove();
    document.head.append(script);
  };
  const start = () => {
    if (asked) return;
    asked = true;
    load('index.js', Date.now());
  };

  const api = {
    /** The list of pieces, with a hash of each: pieces not loaded at that hash are (re)loaded. */
    pieces(list) {
      listed = new Map(list);
      for (const id of pieces.keys()) if (!listed.has(id)) pieces.delete(id);
      for (const [id, hash] of list) if (pieces.get(id)?.hash !== hash) load(id + '.js', hash);
      schedule();
    },
    piece(id, data) {
      const index = new Map();
      const words = [];
      const sections = data.sections.map(([anchor, title, text], n) => {
        const counts = new Map();
        const add = (source, weight) => {
          for (const segment of segments(source)) {
            for (const token of tokensOf(segment)) counts.set(token, (counts.get(token) ?? 0) + weight);
          }
        };
        const foldedTitle = fold(title);
        const folded = fold(text);
        add(foldedTitle, TITLE_WEIGHT);
        add(folded, 1);
        for (const [token, count] of counts) {
          let list = index.get(token);
          if (!list) {
            index.set(token, (list = []));
            if (!IS_CJK.test(token)) words.push(token);
          }
          list.push(n, count);
        }
        return { anchor, title, text, folded, foldedTitle };
      });
      // Sorted, so the words a typed start begins are found by halving rather than read one by one.
      words.sort();
      pieces.set(id, { hash: listed.get(id), title: data.title, href: data.href, sections, index, words });
      schedule();
    },
    /** Resolves once every listed piece is loaded (the benchmark and the tests wait for it). */
    ready() {
      start();
      return new Promise((resolve) => {
        const check = () =>
          listed.size > 0 && [...listed].every(([id, hash]) => pieces.get(id)?.hash === hash)
            ? resolve()
            : setTimeout(check, 20);
        check();
      });
    },
    search,
  };
  window.quireSearch = api;

  /**
   * The query's terms: a CJK run is one term, found where all its pairs (or its one character) are,
   * and worth more where the run itself is; a word is found as a word, or, the last one while the
   * reader is still typing it, as the start of one.
   */
  function termsOf(query) {
    const folded = fold(query);
    const all = segments(folded);
    return all.map((segment, i) => {
      const chars = Array.from(segment.text);
      const tokens = !segment.cjk
        ? [segment.text]
        : chars.length === 1
          ? chars
          : chars.slice(1).map((c, j) => chars[j] + c);
      const prefix = !segment.cjk && i === all.length - 1 && !/\s$/.test(query);
      return { text: segment.text, tokens, prefix };
    });
  }

  /** Sections of one piece holding a term, with its weight there. */
  function matches(piece, term) {
    if (term.prefix) {
      const found = new Map();
      const { words } = piece;
      let low = 0;
      for (let high = words.length; low < high; ) {
        const mid = (low + high) >> 1;
        if (words[mid] < term.text) low = mid + 1;
        else high = mid;
      }
      for (let i = low; i < words.length && words[i].startsWith(term.text); i++) {
        const list = piece.index.get(words[i]);
        for (let j = 0; j < list.length; j += 2) found.set(list[j], (found.get(list[j]) ?? 0) + list[j + 1]);
      }
      return found;
    }
    let found;
    for (const token of term.tokens) {
      const list = piece.index.get(token);
      if (!list) return new Map();
      const here = new Map();
      for (let i = 0; i < list.length; i += 2) {
        if (!found || found.has(list[i])) here.set(list[i], Math.min(found?.get(list[i]) ?? Infinity, list[i + 1]));
      }
      found = here;
    }
    return found ?? new Map();
  }

  /**
   * Ranked results for a query: sections that hold every term, the most and best held first; the
   * first thirty, with `total` saying how many there are.
   */
  function search(query) {
    const terms = termsOf(query);
    if (terms.length === 0) return [];
    const results = [];
    for (const piece of pieces.values()) {
      let scores;
      for (const term of terms) {
        const found = matches(piece, term);
        const next = new Map();
        for (const [n, weight] of found) {
          if (scores && !scores.has(n)) continue;
          next.set(n, (scores?.get(n) ?? 0) + 1 + Math.log(weight));
        }
        scores = next;
        if (scores.size === 0) break;
      }
      for (const [n, score] of scores) {
        const section = piece.sections[n];
        let total = score;
        // A phrase written as the reader typed it counts for more than its pairs found apart.
        for (const term of terms) {
          if (term.tokens.length > 1 && section.folded.includes(term.text)) total += PHRASE_BONUS;
          if (section.foldedTitle.includes(term.text)) total += PHRASE_BONUS / 2;
        }
        results.push({ piece, section, score: total });
      }
    }
    results.sort((a, b) => b.score - a.score);
    const shown = results.slice(0, MAX_RESULTS).map((r) => ({ ...r, snippet: snippet(r.section, terms) }));
    return Object.assign(shown, { total: results.length });
  }

  /** About a line of the section around its first match, with every term in it marked. */
  function snippet(section, terms) {
    const { text, folded } = section;
    let at = -1;
    for (const term of terms) {
      const i = folded.indexOf(term.text);
      if (i !== -1 && (at === -1 || i < at)) at = i;
    }
    if (at === -1) at = 0;
    const from = Math.max(0, at - 30);
    const to = Math.min(text.length, at + 90);
    const marks = [];
    const window = folded.slice(from, to);
    for (const term of terms) {
      for (let i = window.indexOf(term.text); i !== -1; i = window.indexOf(term.text, i + term.text.length)) {
        marks.push([i, i + term.text.length]);
      }
    }
    marks.sort((a, b) => a[0] - b[0]);
    const parts = [];
    let last = 0;
    for (const [s, e] of marks) {
      if (s < last) continue;
      parts.push([text.slice(from + last, from + s), false], [text.slice(from + s, from + e), true]);
      last = e;
    }
    parts.push([text.slice(from + last, to), false]);
    if (from > 0) parts[0][0] = '…' + parts[0][0];
    if (to < text.length) parts[parts.length - 1][0] += '…';
    return parts;
  }

  // ---- the search box and its results

  let pending = false;
  function schedule() {
    if (pending) return;
    pending = true;
    requestAnimationFrame(() => {
      pending = false;
      show();
    });
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
    const labels = document.body.dataset;
    const count = document.createElement('p');
    count.className = 'search-count';
    count.textContent = results.total ? labels.labelResults.replace('{n}', results.total) : labels.labelNoResults;
    const list = document.createElement('ol');
    for (const { piece, section, snippet: parts } of results) {
      const item = document.createElement('li');
      const a = document.createElement('a');
      a.href = piece.href + '#' + encodeURIComponent(section.anchor);
      const where = document.createElement('span');
      where.className = 'search-where';
      where.textContent = section.anchor === piece.sections[0].anchor ? piece.title : piece.title + ' › ' + section.title;
      const text = document.createElement('span');
      text.className = 'search-snippet';
      for (const [part, marked] of parts) {
        if (!marked) text.append(part);
        else text.append(Object.assign(document.createElement('mark'), { textContent: part }));
      }
      a.append(where, text);
      item.append(a);
      list.append(item);
    }
    out.replaceChildren(count, list);
    out.hidden = false;
    out.dataset.query = query;
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
  // Watch mode: the preview says which search pieces a save rewrote; the list says which changed.
  addEventListener('quire:search-changed', () => {
    if (asked) load('index.js', Date.now());
  });
  addEventListener('quire:refreshed', schedule);
})();
