/**
 * Random raw HTML as authors paste it into Markdown, seeded: real and unknown elements nested any
 * way, misplaced table and list parts, attributes of every sort (JSX, kramdown, obsolete, events,
 * empty and repeated ids), tags left open or closed twice, entities, CJK text, inline SVG, embeds.
 */

/** mulberry32: a small seeded generator, the same numbers for the same seed everywhere. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ELEMENTS = [
  ...'div span p a b i em strong code pre blockquote ul ol li dl dt dd table thead tbody tfoot tr td th caption'.split(
    ' ',
  ),
  ...'figure figcaption details summary section aside header footer nav h2 h3 h4 small sub sup mark q abbr'.split(' '),
  ...'label button select option textarea center font tt big strike u s del ins time ruby rt kbd var cite'.split(' '),
  ...'sig Tabs TabItem foo-bar note x:widget center marquee blink picture main dialog hgroup'.split(' '),
];
const VOID = ['br', 'hr', 'img', 'wbr', 'input', 'col', 'source', 'track', 'area'];
const EMBEDS = [
  '<iframe src="https://www.youtube.com/embed/x" title="A talk" frameborder="0" allowfullscreen></iframe>',
  '<iframe src="https://example.com/w"></iframe>',
  '<video controls><source src="clip.mp4" type="video/mp4">No video.</video>',
  '<audio src="https://example.com/a.mp3" controls></audio>',
  '<object data="x.swf"><param name="a" value="b">fallback</object>',
  '<embed src="x.swf">',
  '<script>alert(1)</script>',
  '<style>p { color: red }</style>',
  '<svg width="20" height="20" viewBox="0 0 20 20"><circle cx="10" cy="10" r="5" onclick="x()"/></svg>',
  '<math><mi>x</mi></math>',
];
const ATTRIBUTES = [
  'id="a"',
  'id="b"',
  'id=""',
  'id="two words"',
  'class="x"',
  'className="y"',
  'markdown="span"',
  'markdown="1"',
  'style={{color: "red", fontSize: 12}}',
  'style={{display: flex}}',
  'width={300}',
  'onClick={() => go()}',
  'align="center"',
  'valign="top"',
  'bgcolor="#fff"',
  'border="1"',
  'width="50%"',
  'width="100"',
  'height="abc"',
  'colspan="2"',
  'rowspan="x"',
  'onclick="x()"',
  'data-x="1"',
  'data-Foo="2"',
  'aria-label="label"',
  'title="a &amp; b"',
  'lang="zh-Hant"',
  'href="#a"',
  'href="https://example.com/?a=1&b=2"',
  'href="javascript:void(0)"',
  'src="pic.png"',
  'alt="alt"',
  'frameborder="0"',
  'allowfullscreen',
  'hidden',
  'disabled',
  'checked',
  'type="checkbox"',
  'name="n"',
  'start="3"',
  'xmlns:foo="urn:x"',
  'foo:bar="1"',
  '"quoted"',
  'x-y_z="1"',
  '@click="go"',
  ':prop="1"',
  'v-if="a"',
];
const TEXTS = [
  'text',
  'more words',
  '中文字',
  '&amp;',
  '&lt;tag&gt;',
  '&nbsp;',
  '&copy; 2024',
  'a < b',
  'x & y',
  '**bold** words',
  '`code`',
  '{curly}',
  '',
];

export function fragment(next: () => number): string {
  const pick = <T>(list: T[]): T => list[Math.floor(next() * list.length)]!;
  const attrs = () => {
    let out = '';
    const n = Math.floor(next() * 3.5);
    for (let i = 0; i < n; i++) out += ` ${pick(ATTRIBUTES)}`;
    return out;
  };
  const node = (depth: number): string => {
    const roll = next();
    if (depth > 4 || roll < 0.25) return pick(TEXTS);
    if (roll < 0.33) return `<${pick(VOID)}${attrs()}${next() < 0.5 ? '/' : ''}>`;
    if (roll < 0.4) return pick(EMBEDS);
    const name = pick(ELEMENTS);
    const children = Array.from({ length: Math.floor(next() * 4) }, () => node(depth + 1)).join(
      next() < 0.3 ? '\n' : '',
    );
    const close = next() < 0.85 ? `</${name}>` : next() < 0.5 ? '' : `</${name}></${pick(ELEMENTS)}>`;
    return `<${name}${attrs()}>${children}${close}`;
  };
  return node(0);
}

/** A chapter of `count` fragments, each in a Markdown setting: a block of its own, inline in prose, in a list. */
export function chapterOf(next: () => number, count: number, title: string): { text: string; fragments: string[] } {
  const fragments: string[] = [];
  const parts = [`# ${title}`, ''];
  for (let i = 0; i < count; i++) {
    const html = fragment(next).replace(/\n\s*\n/g, '\n');
    fragments.push(html);
    const setting = Math.floor(next() * 4);
    if (setting === 0) parts.push(html, '');
    else if (setting === 1) parts.push(`Some prose ${html} and more prose.`, '');
    else if (setting === 2) parts.push(`- item ${html}`, '- another item', '');
    else parts.push(`## Section ${i} \`?\``, '', html, '');
  }
  return { text: parts.join('\n'), fragments };
}
