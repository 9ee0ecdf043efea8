/** Words the book prints itself (chapter labels, admonition titles, navigation), by language. */
export interface Labels {
  chapter: (n: number) => string;
  /** A chapter's label and title as one line (running heads, bookmarks, EPUB navigation). */
  labelled: (label: string, title: string) => string;
  /** The foot of a handout page. */
  pageOf: string;
  contents: string;
  previous: string;
  next: string;
  figure: string;
  admonitions: Record<'note' | 'tip' | 'info' | 'important' | 'warning' | 'caution' | 'danger', string>;
}

const english: Labels = {
  chapter: (n) => `Chapter ${n}`,
  labelled: (label, title) => `${label}: ${title}`,
  pageOf: 'Page {page} of {pages}',
  contents: 'Contents',
  previous: 'Previous',
  next: 'Next',
  figure: 'Figure',
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
  labelled: (label, title) => `${label}\u3000${title}`,
  pageOf: '第 {page} 頁，共 {pages} 頁',
  contents: '目錄',
  previous: '上一章',
  next: '下一章',
  figure: '圖',
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
  contents: '目录',
  pageOf: '第 {page} 页，共 {pages} 页',
  previous: '上一章',
  next: '下一章',
  figure: '图',
  admonitions: { ...traditionalChinese.admonitions, info: '信息', warning: '警告', danger: '危险' },
};

const japanese: Labels = {
  ...traditionalChinese,
  contents: '目次',
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

export function labelsFor(language: string): Labels {
  const tag = language.toLowerCase();
  if (/^zh-(hans|cn|sg)/.test(tag)) return simplifiedChinese;
  if (tag.startsWith('zh')) return traditionalChinese;
  if (tag.startsWith('ja')) return japanese;
  return english;
}
