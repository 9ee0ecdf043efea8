/** Language tags as fonts and labels read them. */

/** The CJK regions whose glyph forms differ: each has its own fonts. */
export type Region = 'zh-Hans' | 'zh-Hant' | 'zh-HK' | 'ja' | 'ko';
export const REGIONS: Region[] = ['zh-Hans', 'zh-Hant', 'zh-HK', 'ja', 'ko'];

/** The CJK region a language tag asks for (bare `zh` is Simplified Chinese), or undefined for other languages. */
export function regionOf(language: string): Region | undefined {
  const tag = language.toLowerCase();
  if (/^(zh(-hant)?-(hk|mo)|yue)\b/.test(tag)) return 'zh-HK';
  if (/^zh-(hant|tw)\b/.test(tag)) return 'zh-Hant';
  if (/^zh\b/.test(tag)) return 'zh-Hans';
  if (/^ja\b/.test(tag)) return 'ja';
  if (/^ko\b/.test(tag)) return 'ko';
  return undefined;
}
