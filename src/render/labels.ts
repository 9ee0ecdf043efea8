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

type ChineseScript = 'traditional' | 'simplified';
type ChineseWord =
  | 'chapter'
  | 'part'
  | 'pageOf'
  | 'contents'
  | 'figure'
  | 'notes'
  | `admonitions.${'info' | 'danger'}`
  | `site.${keyof SiteLabels}`;

/**
 * What Traditional and Simplified Chinese books print differently, in each form (`site.…` for the
 * site's controls); chineseLabels() gives the words they share.
 */
const CHINESE: Record<ChineseWord, Record<ChineseScript, string>> = {
  chapter: { traditional: '第 {n} 章', simplified: '第{n}章' },
  part: { traditional: '第 {n} 部', simplified: '第{n}部分' },
  pageOf: { traditional: '第 {page} 頁，共 {pages} 頁', simplified: '第 {page} 页，共 {pages} 页' },
  contents: { traditional: '目錄', simplified: '目录' },
  figure: { traditional: '圖', simplified: '图' },
  notes: { traditional: '註釋', simplified: '注释' },
  'admonitions.info': { traditional: '資訊', simplified: '信息' },
  'admonitions.danger': { traditional: '危險', simplified: '危险' },
  'site.search': { traditional: '搜尋', simplified: '搜索' },
  'site.results': { traditional: '{n} 筆結果', simplified: '{n} 条结果' },
  'site.noResults': { traditional: '沒有結果', simplified: '没有结果' },
  'site.menu': { traditional: '目錄', simplified: '目录' },
  'site.theme': { traditional: '深色主題', simplified: '深色主题' },
  'site.downloads': { traditional: '下載', simplified: '下载' },
  'site.handout': { traditional: '本章講義（PDF）', simplified: '本章讲义（PDF）' },
  'site.edit': { traditional: '編輯此頁', simplified: '编辑此页' },
  'site.copy': { traditional: '複製', simplified: '复制' },
  'site.copied': { traditional: '已複製', simplified: '已复制' },
  'site.anchor': { traditional: '連結到「{title}」', simplified: '链接到“{title}”' },
  'site.sections': { traditional: '小節', simplified: '小节' },
};

function chineseLabels(script: ChineseScript): Labels {
  const word = (key: ChineseWord) => CHINESE[key][script];
  const site = Object.keys(CHINESE)
    .filter((key) => key.startsWith('site.'))
    .map((key) => [key.slice('site.'.length), word(key as ChineseWord)]);
  return {
    chapter: (n) => word('chapter').replace('{n}', String(n)),
    part: word('part'),
    labelled: (label, title) => `${label}\u3000${title}`,
    pageOf: word('pageOf'),
    contents: word('contents'),
    previous: '上一章',
    next: '下一章',
    figure: word('figure'),
    table: '表',
    notes: word('notes'),
    admonitions: {
      note: '注意',
      tip: '提示',
      info: word('admonitions.info'),
      important: '重要',
      warning: '警告',
      caution: '小心',
      danger: word('admonitions.danger'),
    },
    site: Object.fromEntries(site) as SiteLabels,
  };
}

const traditionalChinese = chineseLabels('traditional');
const simplifiedChinese = chineseLabels('simplified');

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
