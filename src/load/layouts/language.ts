/**
 * A book's language from its text, for books that declare none: Japanese when kana are common
 * among its CJK characters, Chinese when Han characters are a good share of its letters (then
 * Traditional or Simplified by characters that exist in one script only), else English.
 * Code blocks and inline code are left out: a Chinese book's code is in English.
 */

// Common characters that differ between the scripts, in pairs (Traditional, Simplified).
const PAIRS =
  '這这們们說说時时來来國国會会個个為为學学對对發发動动過过還还進进麼么經经開开樣样實实現现問问題题間间關关東东機机體体書书車车長长門门見见點点頭头馬马電电話话語语義义網网絡络當当從从後后與与讓让麗丽應应種种無无寫写變变則则區区數数據据檔档設设計计裡里處处資资線线術术網网';
const TRADITIONAL = new Set([...PAIRS].filter((_, i) => i % 2 === 0));
const SIMPLIFIED = new Set([...PAIRS].filter((_, i) => i % 2 === 1));

const HAN = /\p{Script=Han}/u;
const KANA = /[\p{Script=Hiragana}\p{Script=Katakana}]/u;
const LATIN = /\p{Script=Latin}/u;

export function detectLanguage(texts: string[]): string {
  let han = 0;
  let kana = 0;
  let latin = 0;
  let traditional = 0;
  let simplified = 0;
  for (const text of texts) {
    const prose = text.replace(/^(`{3,}|~{3,})[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '').replace(/`[^`\n]*`/g, '');
    for (const ch of prose) {
      if (HAN.test(ch)) {
        han++;
        if (TRADITIONAL.has(ch)) traditional++;
        else if (SIMPLIFIED.has(ch)) simplified++;
      } else if (KANA.test(ch)) kana++;
      else if (LATIN.test(ch)) latin++;
    }
  }
  const cjk = han + kana;
  // A CJK character carries about as much as a short word: compare with letters / 5.
  if (cjk < 10 || cjk < latin / 5) return 'en';
  if (kana >= cjk * 0.1) return 'ja';
  return simplified > traditional ? 'zh-Hans' : 'zh-Hant';
}
