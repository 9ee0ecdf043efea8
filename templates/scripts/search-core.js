/*
 * The site's search, with no server. The index (assets/search/index.js) is loaded when the reader
 * first turns to the search box: for each term, the sections holding it, and no text. Each chapter's
 * text (assets/search/<id>.js) is loaded only when one of its sections is to be shown, for the
 * snippet and to check that a Chinese or Japanese phrase is really there (the index knows only that
 * its characters and pairs are). Scripts rather than JSON, so that a site opened from file:// can
 * search too.
 *
 * The terms are those of the build (src/outputs/site/search-terms.ts), which this must match:
 * text folded (lower case, accents and full-width forms dropped, one character for one); Chinese
 * and Japanese runs give their characters and overlapping pairs, so a phrase is looked up by its
 * pairs with no dictionary; Korean, Latin and other scripts give their words.
 */
(() => {
  const base = new URL('search/', document.currentScript.src);
  const CJK = '\\p{sc=Han}\\p{sc=Hiragana}\\p{sc=Katakana}\\u30fc\\u3005\\u3006';
  const SEGMENT = new RegExp(`[${CJK}]+|(?:(?![${CJK}])[\\p{L}\\p{N}\\p{M}_])+`, 'gu');
  const IS_CJK = new RegExp(`^[${CJK}]`, 'u');
  const TITLE_BONUS = 10;
  const MAX_RESULTS = 30;
  const MAX_LOADING = 4;

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
  const bucketOf = (term, buckets) => {
    let h = 0x811c9dc5;
    for (let i = 0; i < term.length; i++) h = Math.imul(h ^ term.charCodeAt(i), 0x01000193) >>> 0;
    // The top 30 bits, as the build keeps them (see search-terms.ts).
    return (h >>> 2) % buckets;
  };
  /**
   * Marks each section a list of postings holds (see PostingsText in search-index.ts): `into[section]`
   * becomes at least 1, or 2 where the term is frequent. Straight into a typed array, so a typed
   * letter that starts thousands of words costs no array or map entry per posting.
   */
  const mark = (text, into) => {
    let last = -1;
    let n = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c < 48 || (c >= 65 && c <= 90)) {
        // A leading digit: A–Z for 0–25, then ! # $ % & ( for 26–31.
        n = n * 32 + (c >= 65 ? c - 65 : '!#$%&('.indexOf(text[i]) + 26);
        continue;
      }
      n = n * 32 + (c <= 57 ? c - 48 : c - 87);
      last += (n >> 1) + 1;
      const weight = 1 + (n & 1);
      if (into[last] < weight) into[last] = weight;
      n = 0;
    }
  };

  /** The index (see search-index.ts), as loaded; the chapters' texts, by id, as loaded. */
  let index;
  const texts = new Map();
  const requested = new Set();
  let asked = false;

  const load = (file, version, done) => {
    const script = document.createElement('script');
    script.src = new URL(file + '?v=' + encodeURIComponent(version), base).href;
    script.async = true;
    script.onload = script.onerror = () => {
      script.remove();
      done?.();
    };
    document.head.append(script);
  };
  const start = () => {
    if (asked) return;
    asked = true;
    load('index.js', Date.now());
  };
  /**
   * The chapters' texts the results want, in rank order, a few at a time: many scripts asked for
   * at once all arrive late, the first result's with the rest. A new query's list replaces the last.
   */
  let queue = [];
  let loading = 0;
  const want = (chapters) => {
    queue = [...chapters];
    pump();
  };
  const pump = () => {
    while (loading < MAX_LOADING && queue.length > 0) {
      const chapter = queue.shift();
      const key = chapter.id + '@' + chapter.version;
      if (requested.has(key)) continue;
      requested.add(key);
      loading++;
      load(chapter.id + '.js', chapter.version, () => {
        loading--;
        pump();
      });
    }
  };

  const api = {
    index(data) {
      const chapters = [];
      const sections = [];
      for (const [id, version, title, href, list] of data.chapters) {
        const chapter = { id, version, title, href, first: sections.length };
        for (let i = 0; i < list.length; i += 2) {
          const title = list[i + 1];
          sections.push({ chapter, anchor: list[i] || title, title, foldedTitle: fold(title) });
        }
        chapters.push(chapter);
        // A chapter a save rewrote is read again when next needed.
        if (texts.get(id)?.version !== version) texts.delete(id);
      }
      const split = (text) => (text ? text.split(' ') : []);
      index = {
        chapters,
        byId: new Map(chapters.map((c) => [c.id, c])),
        sections,
        words: split(data.words),
        wordPostings: split(data.wordPostings),
        buckets: data.buckets,
        pairs: data.pairs.split(' '),
      };
      api.changed?.();
    },
    text(id, list) {
      const chapter = index?.byId.get(id);
      if (!chapter) return;
      texts.set(id, { version: chapter.version, sections: list });
      api.changed?.();
    },
    /** Resolves once the index is loaded (the benchmark and the tests wait for it). */
    ready() {
      start();
      return new Promise((resolve) => {
        const check = () => (index ? resolve() : setTimeout(check, 20));
        check();
      });
    },
    search,
    start,
    want,
    /** Called when the index or a text arrives: the results shown may change (set by search.js). */
    changed: undefined,
  };
  window.quireSearch = api;
  // Watch mode: the preview says a save rewrote the search's files; the index says which texts changed.
  addEventListener('quire:search-changed', () => {
    if (asked) load('index.js', Date.now());
  });

  /**
   * The query's terms: a CJK run is one term, looked up by its pairs (or its one character) and
   * then checked in the text; a word is found as a word, or, the last one while the reader is still
   * typing it, as the start of one.
   */
  function termsOf(query) {
    const all = [...fold(query).matchAll(SEGMENT)].map((m) => m[0]);
    return all.map((text, i) => {
      const cjk = IS_CJK.test(text);
      const chars = Array.from(text);
      const tokens = !cjk || chars.length === 1 ? [text] : chars.slice(1).map((c, j) => chars[j] + c);
      const prefix = !cjk && i === all.length - 1 && !/\s$/.test(query);
      return { text, cjk, tokens, prefix };
    });
  }

  /**
   * Per section, while a query is looked up: the term's weight there (0 absent, 1 present, 2
   * frequent), a scratch list for a phrase's next pair, and the score so far. Kept between queries
   * and cleared with fill(), so a keystroke allocates nothing the size of the book.
   */
  let weights, scratch, scores;

  /** Marks in `weights` the sections holding a term, by the index alone. */
  function lookUp(term) {
    weights.fill(0);
    if (!term.cjk) {
      const { words, wordPostings } = index;
      let low = 0;
      for (let high = words.length; low < high; ) {
        const mid = (low + high) >> 1;
        if (words[mid] < term.text) low = mid + 1;
        else high = mid;
      }
      for (let i = low; i < words.length && (term.prefix ? words[i].startsWith(term.text) : words[i] === term.text); i++) {
        mark(wordPostings[i], weights);
      }
      return;
    }
    // A phrase: the sections holding every one of its pairs, frequent where all of them are.
    term.tokens.forEach((token, i) => {
      const list = index.pairs[bucketOf(token, index.buckets)];
      if (i === 0) return mark(list, weights);
      scratch.fill(0);
      mark(list, scratch);
      for (let n = 0; n < weights.length; n++) if (scratch[n] < weights[n]) weights[n] = scratch[n];
    });
  }

  /** Sections that hold every term by the index, the best held first, then in the book's order. */
  function candidates(terms) {
    const count = index.sections.length;
    if (weights?.length !== count) {
      weights = new Uint8Array(count);
      scratch = new Uint8Array(count);
      scores = new Uint16Array(count);
    }
    let found;
    for (const term of terms) {
      lookUp(term);
      if (!found) {
        found = [];
        for (let n = 0; n < count; n++) if (weights[n] > 0) found.push(n);
        for (const n of found) scores[n] = 0;
      } else found = found.filter((n) => weights[n] > 0);
      for (const n of found) {
        scores[n] += weights[n] + (index.sections[n].foldedTitle.includes(term.text) ? TITLE_BONUS : 0);
      }
      if (found.length === 0) break;
    }
    return found.sort((a, b) => scores[b] - scores[a] || a - b);
  }

  /** A section's text and its folded form (folded when first asked: most are never shown). */
  function textOf(chapter, n) {
    const loaded = texts.get(chapter.id);
    if (!loaded) return undefined;
    const i = n - chapter.first;
    if (typeof loaded.sections[i] === 'string') {
      loaded.sections[i] = { text: loaded.sections[i], folded: fold(loaded.sections[i]) };
    }
    return loaded.sections[i];
  }

  /**
   * Results for a query: sections holding every term, in rank order, the first thirty with their
   * snippets (null until the chapter's text is loaded). A CJK term's sections are candidates until
   * their text shows the phrase is there: they are listed at once (`unconfirmed`), so the reader
   * sees results as soon as the index has them, and dropped once the text shows a section holds
   * the phrase's pairs only apart. `needed` holds the chapters whose texts would check the shown
   * candidates or give snippets; `total` is every section found, less those the text ruled out.
   */
  function search(query) {
    const terms = termsOf(query);
    const needed = new Set();
    // `loading`: the index has not arrived, so nothing is known yet.
    if (!index || terms.length === 0) return Object.assign([], { total: 0, needed, loading: !index });
    const checked = terms.filter((t) => t.cjk);
    const shown = [];
    let ruledOut = 0;
    const found = candidates(terms);
    for (const n of found) {
      const section = index.sections[n];
      const { chapter } = section;
      // Past the first thirty, only the texts at hand are looked at, for what they rule out.
      if (shown.length === MAX_RESULTS) {
        if (checked.length === 0) break;
        if (!texts.has(chapter.id)) continue;
      }
      const text = textOf(chapter, n);
      if (text && checked.some((t) => !text.folded.includes(t.text) && !section.foldedTitle.includes(t.text))) {
        ruledOut++;
      } else if (shown.length < MAX_RESULTS) {
        if (!text) needed.add(chapter);
        const snippetParts = text ? snippet(text, terms) : null;
        const unconfirmed = !text && checked.length > 0;
        shown.push({ chapter, section, first: n === chapter.first, snippet: snippetParts, unconfirmed });
      }
    }
    return Object.assign(shown, { total: found.length - ruledOut, needed });
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
})();
