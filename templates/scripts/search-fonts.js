/*
 * The fonts of the search's results, asked for once the index is here, before the reader has typed.
 * A book's fonts come in subsets by character, and a page loads only those its own text needs: the
 * results' titles (bold, in the headings' family) would otherwise load theirs on the keystroke that
 * first shows them, in the frame that draws them. Only the face that will draw each character is
 * loaded: the first of the family list that has it, as the browser picks.
 */
(() => {
  const api = window.quireSearch;
  const index = api.index;
  let warmed = false;
  api.index = (data) => {
    index(data);
    if (warmed) return;
    warmed = true;
    const panel = document.getElementById('search-results');
    if (!panel || !document.fonts) return;
    // The titles, bold, joined by ›; the count above them, in the regular weight.
    let titles = ' › ';
    for (const [, , title, , list] of data.chapters) titles += title + list.filter((_, i) => i % 2).join('');
    const labels = document.body.dataset;
    warm(titles, '700', panel);
    warm(`${labels.labelResults}${labels.labelNoResults}0123456789`, '400', panel);
  };

  /** `U+4E00-4E3F, U+3001, U+4??` as [low, high] pairs. */
  const ranges = (text) =>
    text.split(',').map((part) => {
      const [low, high = low] = part.trim().slice(2).split('-');
      return [parseInt(low.replace(/\?/g, '0'), 16), parseInt(high.replace(/\?/g, 'f'), 16)];
    });

  function warm(text, weight, panel) {
    const chars = new Set(Array.from(text, (c) => c.codePointAt(0)));
    const families = window
      .getComputedStyle(panel)
      .fontFamily.split(',')
      .map((f) => f.trim().replace(/^["']|["']$/g, ''));
    const faces = [...document.fonts]
      .filter((f) => f.weight === weight)
      .map((face) => ({ face, family: face.family.replace(/^["']|["']$/g, ''), ranges: ranges(face.unicodeRange) }));
    const wanted = new Set();
    for (const c of chars) {
      for (const family of families) {
        const found = faces.find((f) => f.family === family && f.ranges.some(([lo, hi]) => c >= lo && c <= hi));
        if (found) {
          wanted.add(found.face);
          break;
        }
      }
    }
    for (const face of wanted) if (face.status === 'unloaded') face.load().catch(() => undefined);
  }
})();
