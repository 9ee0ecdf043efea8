/**
 * Which fonts draw which text: the book's language and every `lang` in its text choose a stack per
 * role (body, headings, code). A CJK language puts its own region's face first, so its Han
 * characters take that region's forms; every other language puts the Latin face first and falls
 * back to the book's region. Every stack then lists every other family Quire has, so whatever
 * character some font covers is drawn by one of them, never by a system font.
 */
import { regionOf, REGIONS, type Region } from '../util/languages.ts';
import type { FontFamily, FontRole } from './font-catalogue.ts';

export { regionOf };

export type TextRole = 'body' | 'heading' | 'mono';

/** `:lang()` selectors of each region, in the order their rules must come (later ones win). */
const REGION_SELECTORS: Record<Region, string[]> = {
  'zh-Hans': ['zh', 'zh-Hans', 'zh-CN', 'zh-SG', 'zh-MY'],
  'zh-Hant': ['zh-Hant', 'zh-TW'],
  'zh-HK': ['zh-HK', 'zh-MO', 'zh-Hant-HK', 'zh-Hant-MO', 'yue'],
  ja: ['ja'],
  ko: ['ko'],
};

const GENERIC: Record<TextRole, string> = { body: 'serif', heading: 'sans-serif', mono: 'monospace' };
const TEXT_ROLE: Record<TextRole, FontRole> = { body: 'serif', heading: 'sans', mono: 'sans' };

/**
 * The families of one stack, first choice first. `cjk` is the text's own region (its CJK face
 * comes first) and `fallback` the region for Han characters in other text (the book's).
 */
export function stackFor(
  role: TextRole,
  families: FontFamily[],
  context: { cjk?: Region; fallback?: Region },
): FontFamily[] {
  const style = TEXT_ROLE[role];
  const region = context.cjk ?? context.fallback;
  const regions = region ? [region, ...REGIONS.filter((r) => r !== region)] : REGIONS;
  const pick = (f: (family: FontFamily) => boolean) => families.filter(f);
  const latin = pick((f) => !f.region && f.role === style && !f.user);
  const cjk = (r: Region) => pick((f) => f.region === r && f.role === style);
  const chosen = [
    ...pick((f) => f.user === role),
    ...(role === 'mono' ? pick((f) => !f.region && f.role === 'mono' && !f.user) : []),
    ...(context.cjk ? [...cjk(context.cjk), ...latin] : [...latin, ...(region ? cjk(region) : [])]),
    // Symbols before the other regions' faces: a check mark the text's own faces lack is not a CJK glyph.
    ...pick((f) => f.role === 'emoji'),
    ...pick((f) => f.role === 'symbol'),
    ...regions.flatMap(cjk),
  ];
  const rest = families.filter((f) => !chosen.includes(f) && (!f.user || f.user === 'fallback'));
  return [...new Set([...chosen, ...rest])];
}

const quote = (name: string) => `'${name.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

const stackCss = (role: TextRole, families: FontFamily[], context: { cjk?: Region; fallback?: Region }) =>
  [...stackFor(role, families, context).map((f) => quote(f.family)), GENERIC[role]].join(', ');

function declarations(families: FontFamily[], context: { cjk?: Region; fallback?: Region }): string {
  return (['body', 'heading', 'mono'] as const)
    .map((role) => `--font-${role}: ${stackCss(role, families, context)};`)
    .join(' ');
}

/**
 * The custom properties base.css sets its fonts from: `--font-body`, `--font-heading` and
 * `--font-mono`, for the book's language and, through `:lang()`, for every passage in another.
 */
export function fontStackCss(language: string, families: FontFamily[]): string {
  const book = regionOf(language);
  // `[lang]` first: the CJK rules after it win for their languages (and no `:not()` list, which
  // epubcheck's CSS parser rejects).
  const rules = [
    `:root { ${declarations(families, { cjk: book })} }`,
    `[lang] { ${declarations(families, { fallback: book })} }`,
    ...REGIONS.map(
      (region) =>
        `${REGION_SELECTORS[region].map((l) => `:lang(${l})`).join(', ')} { ${declarations(families, { cjk: region })} }`,
    ),
  ];
  return rules.join('\n');
}

/** The contexts whose stacks a document uses, from the languages tagged in it (the root's first). */
export function contextsOf(languages: string[]): { cjk?: Region; fallback?: Region }[] {
  const book = languages[0] === undefined ? undefined : regionOf(languages[0]);
  const out = new Map<string, { cjk?: Region; fallback?: Region }>();
  for (const lang of languages.length ? languages : ['en']) {
    const cjk = regionOf(lang);
    const context = cjk ? { cjk } : { fallback: book };
    out.set(JSON.stringify(context), context);
  }
  return [...out.values()];
}
