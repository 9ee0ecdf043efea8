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
  /** The site's controls. */
  site: SiteLabels;
}

export interface SiteLabels {
  search: string;
  /** The count of results, `{n}` standing for it. */
  results: string;
  noResults: string;
  menu: string;
  /** The theme toggle's name: it switches between light and dark. */
  theme: string;
  downloads: string;
  handout: string;
  edit: string;
  copy: string;
  copied: string;
  /** A heading's anchor link, `{title}` standing for the heading. */
  anchor: string;
  sections: string;
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
  site: {
    search: 'Search',
    results: '{n} results',
    noResults: 'No results',
    menu: 'Contents',
    theme: 'Dark theme',
    downloads: 'Downloads',
    handout: 'Handout (PDF)',
    edit: 'Edit this page',
    copy: 'Copy',
    copied: 'Copied',
    anchor: 'Link to “{title}”',
    sections: 'Sections',
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
  site: {
    search: '搜尋',
    results: '{n} 筆結果',
    noResults: '沒有結果',
    menu: '目錄',
    theme: '深色主題',
    downloads: '下載',
    handout: '本章講義（PDF）',
    edit: '編輯此頁',
    copy: '複製',
    copied: '已複製',
    anchor: '連結到「{title}」',
    sections: '小節',
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
  site: {
    search: '搜索',
    results: '{n} 条结果',
    noResults: '没有结果',
    menu: '目录',
    theme: '深色主题',
    downloads: '下载',
    handout: '本章讲义（PDF）',
    edit: '编辑此页',
    copy: '复制',
    copied: '已复制',
    anchor: '链接到“{title}”',
    sections: '小节',
  },
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
  site: {
    search: '検索',
    results: '{n} 件',
    noResults: '見つかりません',
    menu: '目次',
    theme: 'ダークテーマ',
    downloads: 'ダウンロード',
    handout: 'この章の配布資料（PDF）',
    edit: 'このページを編集',
    copy: 'コピー',
    copied: 'コピーしました',
    anchor: '「{title}」へのリンク',
    sections: '節',
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
  site: {
    search: '검색',
    results: '결과 {n}개',
    noResults: '결과 없음',
    menu: '목차',
    theme: '어두운 테마',
    downloads: '내려받기',
    handout: '이 장의 유인물 (PDF)',
    edit: '이 페이지 편집',
    copy: '복사',
    copied: '복사됨',
    anchor: '“{title}” 링크',
    sections: '절',
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
