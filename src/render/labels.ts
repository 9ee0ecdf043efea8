import { regionOf, type Region } from '../util/languages.ts';

/** Words the book prints itself (chapter labels, admonition titles, navigation), by language. */
export interface Labels {
  chapter: (n: number) => string;
  /** A part's label, `{n}` standing for its number (for templates). */
  part: string;
  /** A chapter's label and title as one line (running heads, bookmarks, EPUB navigation). */
  labelled: (label: string, title: string) => string;
  /** The foot of a handout page. */
  pageOf: string;
  contents: string;
  previous: string;
  next: string;
  figure: string;
  table: string;
  /** The heading of a chapter's notes. */
  notes: string;
  admonitions: Record<'note' | 'tip' | 'info' | 'important' | 'warning' | 'caution' | 'danger', string>;
}

const english: Labels = {
  chapter: (n) => `Chapter ${n}`,
  part: 'Part {n}',
  labelled: (label, title) => `${label}: ${title}`,
  pageOf: 'Page {page} of {pages}',
  contents: 'Contents',
  previous: 'Previous',
  next: 'Next',
  figure: 'Figure',
  table: 'Table',
  notes: 'Notes',
  admonitions: {
    note: 'Note',
    tip: 'Tip',
    info: 'Info',
    important: 'Important',
    warning: 'Warning',
    caution: 'Caution',
    danger: 'Danger',
  },
};

const traditionalChinese: Labels = {
  chapter: (n) => `第 ${n} 章`,
  part: '第 {n} 部',
  labelled: (label, title) => `${label}\u3000${title}`,
  pageOf: '第 {page} 頁，共 {pages} 頁',
  contents: '目錄',
  previous: '上一章',
  next: '下一章',
  figure: '圖',
  table: '表',
  notes: '註釋',
  admonitions: {
    note: '注意',
    tip: '提示',
    info: '資訊',
    important: '重要',
    warning: '警告',
    caution: '小心',
    danger: '危險',
  },
};

const simplifiedChinese: Labels = {
  ...traditionalChinese,
  chapter: (n) => `第${n}章`,
  part: '第{n}部分',
  contents: '目录',
  notes: '注释',
  pageOf: '第 {page} 页，共 {pages} 页',
  previous: '上一章',
  next: '下一章',
  figure: '图',
  admonitions: { ...traditionalChinese.admonitions, info: '信息', warning: '警告', danger: '危险' },
};

const japanese: Labels = {
  ...traditionalChinese,
  chapter: (n) => `第${n}章`,
  part: '第{n}部',
  contents: '目次',
  figure: '図',
  notes: '注',
  pageOf: '{page} / {pages} ページ',
  previous: '前の章',
  next: '次の章',
  admonitions: {
    note: '注記',
    tip: 'ヒント',
    info: '情報',
    important: '重要',
    warning: '警告',
    caution: '注意',
    danger: '危険',
  },
};

const korean: Labels = {
  chapter: (n) => `제${n}장`,
  part: '제{n}부',
  labelled: (label, title) => `${label} ${title}`,
  pageOf: '{page} / {pages}쪽',
  contents: '목차',
  previous: '이전 장',
  next: '다음 장',
  figure: '그림',
  table: '표',
  notes: '주석',
  admonitions: {
    note: '참고',
    tip: '팁',
    info: '정보',
    important: '중요',
    warning: '경고',
    caution: '주의',
    danger: '위험',
  },
};

const BY_REGION: Record<Region, Labels> = {
  'zh-Hans': simplifiedChinese,
  'zh-Hant': traditionalChinese,
  'zh-HK': traditionalChinese,
  ja: japanese,
  ko: korean,
};

export function labelsFor(language: string): Labels {
  const region = regionOf(language);
  return region ? BY_REGION[region] : english;
}
