/**
 * A deterministic benchmark book: about `pages` A4 pages of mixed Traditional Chinese prose, headings,
 * code in several languages, tables, footnotes, figures, admonitions and links between chapters.
 * Same options, same bytes: a seeded PRNG drives everything (no Math.random, no clock, no network).
 *
 *   node --import tsx test/bench/generate-book.ts [--pages N] [--out DIR] [--seed S]
 */
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { deflateSync } from 'node:zlib';

/**
 * Estimated body-text lines per printed A4 page: the calibration constant. The line model
 * (`Writer.lines`) counts a full line of text (46 CJK characters at 10.5pt across 170 mm) as 1, a code
 * line as 0.74, a 640 px figure as about 11, plus margins; a full page holds about 40 such lines. The
 * model cannot see how blocks break across pages or how much of each chapter's last page stays empty,
 * so the constant was calibrated on real PDFs of generated books (default seed, pages from pdfinfo):
 *   40 → `--pages 100` printed 118 pages (pipeline of commit 7291859);
 *   47 → 100: 135 pages, 500: 662;
 *   35, with FRONT_PAGES → 100: 104 pages, 500: 513, 2000: 2114 (commit 55508f5); other seeds at 100: 103–109.
 * Re-calibrate when the print stylesheet or this generator changes; the benchmark prints the deviation.
 */
export const LINES_PER_PAGE = 35;
/** Pages that are not chapter text: cover, title page, the start of the contents. */
export const FRONT_PAGES = 4;

/** Chapters for a book of `pages` pages: 40 for 500, proportional, at least 4. */
export const chaptersFor = (pages: number) => Math.max(4, Math.round(pages / 12.5));

export interface GenerateOptions {
  /** Approximate number of A4 pages of the PDF. Default 500. */
  pages?: number;
  /** Folder to write the book into (created). Default: a new temporary folder. */
  dir?: string;
  /** PRNG seed. Default 20261127. */
  seed?: number;
}

export interface GeneratedBook {
  root: string;
  title: string;
  pages: number;
  /** Chapter files, absolute, in reading order. */
  chapterFiles: string[];
  images: number;
  /** Total size of the chapter Markdown, in bytes. */
  markdownBytes: number;
  /** Estimated page count from the line model (what the generator aimed at). */
  estimatedPages: number;
}

export async function generateBook(options: GenerateOptions = {}): Promise<GeneratedBook> {
  const pages = Math.max(1, Math.round(options.pages ?? 500));
  const root = options.dir ? resolve(options.dir) : await mkdtemp(join(tmpdir(), 'quire-bench-book-'));
  const rand = mulberry32(options.seed ?? 20261127);
  const chapterCount = chaptersFor(pages);
  const plan = planChapters(chapterCount, rand);
  const linesPerChapter = (Math.max(1, pages - FRONT_PAGES) * LINES_PER_PAGE) / chapterCount;

  await mkdir(join(root, 'chapters', 'images'), { recursive: true });
  const images = makeImages();
  for (const image of images) await writeFile(join(root, 'chapters', 'images', image.name), image.png);

  const title = '雲原生容器實務手冊（基準測試用書）';
  await writeFile(
    join(root, 'book.yaml'),
    [
      `title: ${title}`,
      'authors:',
      '  - Quire 基準測試產生器',
      'language: zh-Hant',
      'description: 由固定種子產生的測試用書，內容包含中文段落、程式碼、表格、註腳、圖片、提示框與章節之間的連結。',
      '',
    ].join('\n'),
  );

  const chapterFiles: string[] = [];
  let markdownBytes = 0;
  let lines = 0;
  for (const chapter of plan) {
    const writer = new Writer(rand, plan, chapter, images);
    const text = writer.chapter(linesPerChapter * (0.85 + rand() * 0.3));
    const file = join(root, 'chapters', `${chapter.slug}.md`);
    await writeFile(file, text);
    chapterFiles.push(file);
    markdownBytes += Buffer.byteLength(text);
    lines += writer.lines;
  }
  return {
    root,
    title,
    pages,
    chapterFiles,
    images: images.length,
    markdownBytes,
    estimatedPages: Math.round(lines / LINES_PER_PAGE) + FRONT_PAGES,
  };
}

// ---------------------------------------------------------------- randomness

type Rand = () => number;

/** mulberry32: a small, fast, well-mixed 32-bit PRNG; returns floats in [0, 1). */
function mulberry32(seed: number): Rand {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const int = (rand: Rand, min: number, max: number) => min + Math.floor(rand() * (max - min + 1));
const pick = <T>(rand: Rand, list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;

// ---------------------------------------------------------------- vocabulary (common characters only)

const TOPICS: [string, string][] = [
  ['容器基礎', 'containers'],
  ['映像與分層', 'images'],
  ['網絡設定', 'networking'],
  ['資料卷與儲存', 'volumes'],
  ['服務編排', 'orchestration'],
  ['持續整合', 'continuous-integration'],
  ['安全防護', 'security'],
  ['監控與日誌', 'observability'],
  ['效能調整', 'performance'],
  ['部署策略', 'deployment'],
  ['設定管理', 'configuration'],
  ['開發流程', 'development'],
  ['測試方法', 'testing'],
  ['資料庫服務', 'databases'],
  ['負載平衡', 'load-balancing'],
  ['故障排除', 'troubleshooting'],
  ['權限控制', 'access-control'],
  ['備份與還原', 'backup'],
  ['多平台構建', 'multi-platform'],
  ['團隊協作', 'collaboration'],
];
const ASPECTS: [string, string][] = [
  ['入門', 'basics'],
  ['實務', 'practice'],
  ['進階', 'advanced'],
  ['案例', 'cases'],
  ['原理', 'internals'],
  ['最佳做法', 'best-practices'],
  ['常見問題', 'faq'],
  ['工具', 'tools'],
];
const NOUNS = [
  '容器',
  '映像',
  '網絡',
  '伺服器',
  '應用程序',
  '系統',
  '服務',
  '資料',
  '檔案',
  '設定',
  '環境',
  '工具',
  '命令',
  '版本',
  '介面',
  '平台',
  '流程',
  '架構',
  '模組',
  '程式碼',
  '記憶體',
  '磁碟',
  '效能',
  '權限',
  '日誌',
  '主機',
  '節點',
  '叢集',
  '變數',
  '參數',
  '函式',
  '物件',
  '請求',
  '回應',
  '錯誤',
  '問題',
  '方法',
  '步驟',
  '結果',
  '需求',
  '專案',
  '文件',
  '範例',
  '規則',
  '策略',
  '標準',
  '目錄',
  '路徑',
  '連接埠',
  '憑證',
  '金鑰',
  '帳號',
  '資料庫',
  '快取',
  '訊息',
  '事件',
  '排程',
  '負載',
  '流量',
  '延遲',
  '成本',
  '品質',
  '風險',
  '細節',
  '原則',
  '概念',
  '功能',
  '選項',
  '格式',
  '標籤',
  '核心',
  '程序',
  '工作負載',
  '生產環境',
  '開發環境',
  '使用情境',
  '安全性',
  '可用性',
];
const VERBS = [
  '建立',
  '執行',
  '啟動',
  '停止',
  '刪除',
  '設定',
  '檢查',
  '部署',
  '更新',
  '管理',
  '處理',
  '讀取',
  '寫入',
  '連接',
  '複製',
  '下載',
  '上傳',
  '分析',
  '比較',
  '說明',
  '選擇',
  '使用',
  '提供',
  '支援',
  '包含',
  '影響',
  '改善',
  '減少',
  '增加',
  '保護',
  '記錄',
  '監控',
  '測試',
  '修改',
  '定義',
  '描述',
  '整合',
  '共享',
  '隔離',
  '限制',
  '調整',
  '驗證',
  '發佈',
  '打包',
  '構建',
  '掛載',
  '轉發',
];
const ADJECTIVES = [
  '簡單的',
  '重要的',
  '常見的',
  '穩定的',
  '安全的',
  '快速的',
  '完整的',
  '基本的',
  '主要的',
  '預設的',
  '新的',
  '多個',
  '不同的',
  '相同的',
  '獨立的',
  '輕量的',
  '可靠的',
  '有效的',
  '必要的',
  '實際的',
  '一般的',
  '複雜的',
];
const QUALITIES = ['穩定', '簡單', '安全', '快速', '清楚', '可靠', '靈活', '有效率', '容易維護', '容易理解'];
const CONNECTORS = [
  '因此',
  '但是',
  '而且',
  '另外',
  '例如',
  '通常',
  '首先',
  '接著',
  '最後',
  '同時',
  '事實上',
  '一般來說',
  '換句話說',
  '在實務上',
  '為了方便',
  '大多數情況下',
  '相對地',
  '值得注意的是',
];
const SUBJECTS = [
  '我們',
  '開發者',
  '管理員',
  '使用者',
  '團隊',
  '這個命令',
  '這個設定',
  '每個容器',
  '每個節點',
  '這種做法',
];
const PLACES = ['生產環境', '開發環境', '測試環境', '本機', '雲端平台', '資料中心', '筆記型電腦'];
const TERMS = [
  'Docker',
  'Kubernetes',
  'container',
  'image',
  'registry',
  'Dockerfile',
  'Compose',
  'Swarm',
  'overlay network',
  'volume',
  'namespace',
  'cgroups',
  'YAML',
  'JSON',
  'API',
  'CLI',
  'Go',
  'Python',
  'TypeScript',
  'Linux',
  'containerd',
  'runc',
  'OCI',
  'HTTP',
  'TLS',
  'DNS',
  'SSH',
  'Git',
  'CI pipeline',
  'build cache',
  'health check',
  'load balancer',
  'reverse proxy',
  'Nginx',
  'Redis',
  'PostgreSQL',
  'Prometheus',
  'WebAssembly',
  'BuildKit',
  'multi-stage build',
];
const COMMANDS = [
  'docker run',
  'docker build',
  'docker ps',
  'docker logs',
  'docker compose up',
  'docker image ls',
  'docker network create',
  'docker volume inspect',
  'kubectl get pods',
  'docker stack deploy',
  'git commit',
];
const SERVICES = ['web', 'api', 'worker', 'db', 'cache', 'gateway', 'auth', 'search', 'queue', 'metrics'];
const IMAGES = ['nginx:1.27', 'redis:7.4', 'postgres:16', 'node:20-alpine', 'golang:1.22', 'python:3.12-slim'];
const IDENTS = ['config', 'server', 'client', 'store', 'handler', 'cache', 'queue', 'request', 'result', 'options'];

// ---------------------------------------------------------------- plan: titles, files and explicit ids

interface SectionPlan {
  heading: string;
  /** Explicit `{#id}`: ASCII, unique across the book; links point at these. */
  id: string | undefined;
}

interface ChapterPlan {
  index: number;
  slug: string;
  title: string;
  sections: SectionPlan[];
}

function planChapters(count: number, rand: Rand): ChapterPlan[] {
  const width = Math.max(2, String(count - 1).length);
  return Array.from({ length: count }, (_, index) => {
    const [topic, topicSlug] = TOPICS[index % TOPICS.length]!;
    const round = Math.floor(index / TOPICS.length);
    const [aspect, aspectSlug] = ASPECTS[round % ASPECTS.length]!;
    const again = round >= ASPECTS.length ? `（${Math.floor(round / ASPECTS.length) + 1}）` : '';
    const slug = `${String(index).padStart(width, '0')}-${topicSlug}-${aspectSlug}`;
    const sections = Array.from({ length: int(rand, 5, 8) }, (_, k) => ({
      heading: `${pick(rand, NOUNS)}的${pick(rand, ['設計', '設定', '運作方式', '常見問題', '實作', '限制', '選擇', '檢查'])}`,
      // The first section of every chapter, and about a third of the others, get an explicit id.
      id: k === 0 || rand() < 0.35 ? `${topicSlug}-${aspectSlug}-${index}-s${k + 1}` : undefined,
    }));
    return { index, slug, title: `${topic}${aspect}${again}`, sections };
  });
}

// ---------------------------------------------------------------- chapter text

interface Image {
  name: string;
  width: number;
  height: number;
  png: Buffer;
}

/** CSS px to estimated body lines (96 px per inch, 6.3 mm per 17.85pt line). */
const PX_LINES = 25.4 / 96 / 6.3;
/** Display width of a text in CJK-character units: ASCII takes about half. */
const widthOf = (s: string) => [...s].reduce((w, ch) => w + (ch.charCodeAt(0) < 0x2e80 ? 0.5 : 1), 0);

class Writer {
  /** Estimated height so far, in body-text lines. */
  lines = 0;
  private footnotes: string[] = [];
  private out: string[] = [];

  constructor(
    private readonly rand: Rand,
    private readonly plan: ChapterPlan[],
    private readonly me: ChapterPlan,
    private readonly images: Image[],
  ) {}

  chapter(budget: number): string {
    const { me, rand } = this;
    this.out.push(`---\ntitle: ${me.title}\n---\n`);
    this.lines += 8; // chapter label and title
    this.paragraph();
    this.paragraph();
    const perSection = budget / me.sections.length;
    for (const section of me.sections) {
      const end = this.lines + perSection;
      this.block(`## ${section.heading}${section.id ? ` {#${section.id}}` : ''}`, 3);
      this.paragraph();
      let sub = 0;
      while (this.lines < end) {
        const r = rand();
        if (r < 0.42) this.paragraph();
        else if (r < 0.58) this.code();
        else if (r < 0.66) this.table();
        else if (r < 0.72) this.figure();
        else if (r < 0.8) this.admonition();
        else if (r < 0.86) this.list();
        else if (r < 0.93 && sub < 3) {
          sub++;
          this.block(`### ${pick(rand, TERMS)} ${pick(rand, ['與', '和', '搭配'])}${pick(rand, NOUNS)}`, 2.2);
        } else this.paragraph();
      }
    }
    if (this.footnotes.length > 0) {
      this.out.push(this.footnotes.join('\n\n') + '\n');
      this.lines += this.footnotes.length * 1.3;
    }
    return this.out.join('\n');
  }

  private block(markdown: string, lines: number): void {
    this.out.push(markdown + '\n');
    this.lines += lines;
  }

  /** One sentence of plausible prose, sometimes with inline code, emphasis, a link or a footnote. */
  private sentence(): string {
    const { rand } = this;
    const n = () => pick(rand, NOUNS);
    const v = () => pick(rand, VERBS);
    const t = () => pick(rand, TERMS);
    const patterns = [
      () => `${pick(rand, CONNECTORS)}，${pick(rand, SUBJECTS)}可以${v()}${pick(rand, ADJECTIVES)}${n()}`,
      () => `${pick(rand, SUBJECTS)}通常透過 ${t()} ${v()}${n()}，這樣${n()}會更加${pick(rand, QUALITIES)}`,
      () => `在 ${t()} 中，${n()}和${n()}是兩個${pick(rand, ADJECTIVES)}概念，不能混為一談`,
      () => `${n()}的${n()}決定了整個${n()}是否${pick(rand, QUALITIES)}`,
      () => `如果${n()}沒有正確${v()}，${pick(rand, SUBJECTS)}就很難${v()}${n()}`,
      () => `執行 \`${pick(rand, COMMANDS)}\` 之後，${pick(rand, SUBJECTS)}會看到${pick(rand, ADJECTIVES)}${n()}`,
      () => `**${n()}**是 ${t()} 裡最${pick(rand, QUALITIES)}的部分之一`,
      () => `${pick(rand, SUBJECTS)}在${pick(rand, PLACES)}${v()}${n()}時，應該先${v()}${n()}`,
      () => `與${n()}相比，${t()} 的${n()}更${pick(rand, QUALITIES)}，也更容易${v()}`,
      () => `${pick(rand, CONNECTORS)}，${t()} 會自動${v()}${n()}，不需要${pick(rand, SUBJECTS)}另外${v()}`,
    ];
    let s = pick(rand, patterns)();
    const r = rand();
    if (r < 0.05) {
      const other = this.otherChapter();
      s += `，詳見[第 ${other.index + 1} 章](./${other.slug}.md)`;
    } else if (r < 0.1) {
      const other = this.otherChapter();
      const targets = other.sections.filter((x) => x.id);
      const target = pick(rand, targets);
      s += `，細節請參考「[${target.heading}](./${other.slug}.md#${target.id})」一節`;
    } else if (r < 0.14) {
      const label = `${this.me.index}-${this.footnotes.length + 1}`;
      this.footnotes.push(`[^${label}]: ${this.plainSentence()}。${this.plainSentence()}。`);
      s += `[^${label}]`;
    } else if (r < 0.16) {
      const icon = this.images.find((i) => i.name.startsWith('icon'))!;
      s += `，圖示 ![${pick(rand, NOUNS)}](./images/${icon.name}) 代表${n()}`;
    }
    return s;
  }

  /** A sentence without links or footnotes (for footnotes, list items and table cells). */
  private plainSentence(): string {
    const { rand } = this;
    return `${pick(rand, SUBJECTS)}${pick(rand, ['可以', '應該', '需要', '通常會'])}${pick(rand, VERBS)}${pick(rand, ADJECTIVES)}${pick(rand, NOUNS)}`;
  }

  private otherChapter(): ChapterPlan {
    if (this.plan.length === 1) return this.me;
    for (;;) {
      const other = pick(this.rand, this.plan);
      if (other !== this.me) return other;
    }
  }

  private paragraph(): void {
    const count = int(this.rand, 3, 7);
    const text = Array.from({ length: count }, () => this.sentence() + '。').join('');
    this.block(text, Math.ceil(widthOf(text) / 46) + 0.55);
  }

  private list(): void {
    const items = Array.from({ length: int(this.rand, 3, 6) }, () => `- ${this.plainSentence()}。`);
    const ordered = this.rand() < 0.4;
    const text = items.map((item, i) => (ordered ? item.replace(/^- /, `${i + 1}. `) : item)).join('\n');
    this.block(`${this.listIntro()}\n\n${text}`, items.length * 1.05 + 2.2);
  }

  private listIntro(): string {
    return `${pick(this.rand, CONNECTORS)}，下面列出${pick(this.rand, NOUNS)}的幾個重點：`;
  }

  private admonition(): void {
    const { rand } = this;
    const type = pick(rand, ['tip', 'note', 'info', 'warning'] as const);
    const title = rand() < 0.4 ? `[${pick(rand, NOUNS)}${pick(rand, ['小提示', '注意事項', '補充說明'])}]` : '';
    const body = Array.from({ length: int(rand, 2, 4) }, () => this.sentence() + '。').join('');
    this.block(`:::${type}${title}\n\n${body}\n\n:::`, Math.ceil(widthOf(body) / 44) + 2.6);
  }

  private table(): void {
    const { rand } = this;
    const headers = ['項目', '說明', '預設值', '範例', '備註'].slice(0, int(rand, 3, 5));
    const rows = Array.from({ length: int(rand, 3, 8) }, () =>
      headers.map((h, col) =>
        col === 0
          ? `\`${pick(rand, IDENTS)}.${pick(rand, SERVICES)}\``
          : h === '預設值'
            ? pick(rand, ['`true`', '`false`', '`8080`', '`30s`', '`/var/lib/app`', '無'])
            : h === '範例'
              ? `\`${pick(rand, IMAGES)}\``
              : `${pick(rand, ADJECTIVES)}${pick(rand, NOUNS)}`,
      ),
    );
    const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
    const text = [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
    this.block(`${pick(rand, TERMS)} 的常用${pick(rand, NOUNS)}整理如下：\n\n${text}`, rows.length * 1.55 + 3.5);
  }

  private figure(): void {
    const { rand } = this;
    const image = pick(
      rand,
      this.images.filter((i) => !i.name.startsWith('icon')),
    );
    const alt = `${pick(rand, TERMS)} ${pick(rand, NOUNS)}示意圖`;
    const title = rand() < 0.5 ? ` "圖：${pick(rand, NOUNS)}與${pick(rand, NOUNS)}的關係"` : '';
    const lines = Math.min(image.width, 642) * (image.height / image.width) * PX_LINES + 3;
    this.block(`![${alt}](./images/${image.name}${title})`, lines);
  }

  private code(): void {
    const { rand } = this;
    const language = pick(rand, ['bash', 'dockerfile', 'yaml', 'json', 'go', 'python', 'typescript'] as const);
    const code = CODE[language](rand);
    const intro = `下面的 ${language} 範例${pick(rand, VERBS)}${pick(rand, ADJECTIVES)}${pick(rand, NOUNS)}：`;
    const rows = code.split('\n').reduce((sum, l) => sum + Math.max(1, Math.ceil(l.length / 86)), 0);
    this.block(`${intro}\n\n\`\`\`${language}\n${code}\n\`\`\``, rows * 0.74 + 2.1 + Math.ceil(widthOf(intro) / 46));
  }
}

// ---------------------------------------------------------------- code blocks (ASCII)

type CodeMaker = (rand: Rand) => string;

const CODE: Record<'bash' | 'dockerfile' | 'yaml' | 'json' | 'go' | 'python' | 'typescript', CodeMaker> = {
  bash: (rand) => {
    const lines = [`$ docker network create ${pick(rand, SERVICES)}-net`];
    for (let i = int(rand, 3, 8); i > 0; i--) {
      const svc = pick(rand, SERVICES);
      lines.push(
        pick(rand, [
          `$ docker run -d --name ${svc} --network ${svc}-net -p ${int(rand, 3000, 9000)}:80 ${pick(rand, IMAGES)}`,
          `$ docker logs --tail ${int(rand, 10, 200)} ${svc}`,
          `$ docker exec -it ${svc} sh -c 'echo $HOSTNAME'`,
          `$ docker image ls --filter reference=${svc}`,
          `$ docker volume create ${svc}-data`,
          `CONTAINER ID   IMAGE              STATUS          PORTS`,
          `${hex(rand, 12)}   ${pick(rand, IMAGES).padEnd(16)} Up ${int(rand, 2, 59)} minutes   0.0.0.0:${int(rand, 3000, 9000)}->80/tcp`,
        ]),
      );
    }
    return lines.join('\n');
  },
  dockerfile: (rand) => {
    const base = pick(rand, ['node:20-alpine', 'golang:1.22', 'python:3.12-slim']);
    return [
      `FROM ${base} AS build`,
      'WORKDIR /src',
      'COPY . .',
      `RUN ${pick(rand, ['npm ci && npm run build', 'go build -o /out/app ./cmd/app', 'pip install --no-cache-dir -r requirements.txt'])}`,
      '',
      'FROM alpine:3.20',
      `RUN adduser -D ${pick(rand, SERVICES)}`,
      'COPY --from=build /out /app',
      `EXPOSE ${int(rand, 3000, 9000)}`,
      `HEALTHCHECK --interval=${int(rand, 5, 60)}s CMD wget -qO- http://localhost/health || exit 1`,
      `USER ${pick(rand, SERVICES)}`,
      'ENTRYPOINT ["/app/server"]',
    ].join('\n');
  },
  yaml: (rand) => {
    const lines = ['services:'];
    for (let i = int(rand, 2, 4); i > 0; i--) {
      const svc = pick(rand, SERVICES);
      lines.push(
        `  ${svc}:`,
        `    image: ${pick(rand, IMAGES)}`,
        '    ports:',
        `      - "${int(rand, 3000, 9000)}:80"`,
        '    environment:',
        `      LOG_LEVEL: ${pick(rand, ['debug', 'info', 'warn'])}`,
        `    restart: ${pick(rand, ['always', 'unless-stopped', 'on-failure'])}`,
      );
    }
    lines.push('volumes:', `  ${pick(rand, SERVICES)}-data: {}`);
    return lines.join('\n');
  },
  json: (rand) =>
    JSON.stringify(
      {
        name: pick(rand, SERVICES),
        image: pick(rand, IMAGES),
        replicas: int(rand, 1, 9),
        resources: { cpus: `${int(rand, 1, 4)}.0`, memory: `${int(rand, 1, 16) * 64}M` },
        healthcheck: { test: ['CMD', 'curl', '-f', 'http://localhost/health'], interval: `${int(rand, 5, 60)}s` },
        labels: { team: pick(rand, SERVICES), tier: pick(rand, ['frontend', 'backend', 'data']) },
      },
      null,
      2,
    ),
  go: (rand) => {
    const name = pick(rand, IDENTS);
    return [
      'package main',
      '',
      'import (',
      '\t"fmt"',
      '\t"net/http"',
      ')',
      '',
      `func ${name}Handler(w http.ResponseWriter, r *http.Request) {`,
      `\tif r.Method != http.MethodGet {`,
      '\t\thttp.Error(w, "method not allowed", http.StatusMethodNotAllowed)',
      '\t\treturn',
      '\t}',
      `\tfmt.Fprintf(w, "${name}: %s\\n", r.URL.Path)`,
      '}',
      '',
      'func main() {',
      `\thttp.HandleFunc("/${name}", ${name}Handler)`,
      `\thttp.ListenAndServe(":${int(rand, 3000, 9000)}", nil)`,
      '}',
    ].join('\n');
  },
  python: (rand) => {
    const name = pick(rand, IDENTS);
    return [
      'import json',
      'import os',
      '',
      '',
      `def load_${name}(path: str) -> dict:`,
      `    """Read the ${name} file and apply defaults."""`,
      '    with open(path, encoding="utf-8") as f:',
      '        data = json.load(f)',
      `    data.setdefault("port", ${int(rand, 3000, 9000)})`,
      `    data.setdefault("host", os.environ.get("HOST", "0.0.0.0"))`,
      '    return data',
      '',
      '',
      'if __name__ == "__main__":',
      `    print(load_${name}("/etc/${pick(rand, SERVICES)}/${name}.json"))`,
    ].join('\n');
  },
  typescript: (rand) => {
    const name = pick(rand, IDENTS);
    const type = name[0]!.toUpperCase() + name.slice(1);
    return [
      `interface ${type} {`,
      '  name: string;',
      '  port: number;',
      '  tags: string[];',
      '}',
      '',
      `export async function fetch${type}(url: string): Promise<${type}> {`,
      '  const response = await fetch(url, { headers: { accept: "application/json" } });',
      `  if (!response.ok) throw new Error(\`${name} request failed: \${response.status}\`);`,
      `  return (await response.json()) as ${type};`,
      '}',
      '',
      `const ${name} = await fetch${type}("http://${pick(rand, SERVICES)}:${int(rand, 3000, 9000)}/${name}");`,
      `console.log(${name}.name, ${name}.port);`,
    ].join('\n');
  },
};

function hex(rand: Rand, length: number): string {
  return Array.from({ length }, () => '0123456789abcdef'[Math.floor(rand() * 16)]).join('');
}

// ---------------------------------------------------------------- images (valid PNGs, made with zlib)

/** A few deterministic diagrams (boxes and arrows on white) and one small icon. */
function makeImages(): Image[] {
  const diagram = (name: string, width: number, height: number, boxes: number, hue: number): Image => {
    const pixels = Buffer.alloc(width * height * 3, 255);
    const set = (x: number, y: number, [r, g, b]: [number, number, number]) => {
      if (x < 0 || y < 0 || x >= width || y >= height) return;
      const i = (y * width + x) * 3;
      pixels[i] = r;
      pixels[i + 1] = g;
      pixels[i + 2] = b;
    };
    const fill = (x0: number, y0: number, w: number, h: number, c: [number, number, number]) => {
      for (let y = y0; y < y0 + h; y++) for (let x = x0; x < x0 + w; x++) set(x, y, c);
    };
    const colour = (k: number): [number, number, number] => [
      (hue + k * 70) % 200,
      (120 + k * 40) % 220,
      (220 - k * 30 + 256) % 256,
    ];
    const boxW = Math.floor((width - 20 * (boxes + 1)) / boxes);
    const boxH = Math.floor(height * 0.45);
    for (let k = 0; k < boxes; k++) {
      const x = 20 + k * (boxW + 20);
      const y = Math.floor((height - boxH) / 2);
      fill(x - 2, y - 2, boxW + 4, boxH + 4, [60, 60, 60]);
      fill(x, y, boxW, boxH, colour(k));
      if (k > 0) fill(x - 18, y + Math.floor(boxH / 2) - 2, 14, 4, [60, 60, 60]);
    }
    fill(0, height - 6, width, 6, colour(boxes));
    return { name, width, height, png: encodePng(width, height, pixels) };
  };
  const icon = (name: string): Image => {
    const size = 24;
    const pixels = Buffer.alloc(size * size * 3, 255);
    for (let y = 0; y < size; y++) {
      for (let x = 0; x < size; x++) {
        const d = Math.hypot(x - 11.5, y - 11.5);
        if (d < 11) pixels.fill(d < 7 ? 255 : 40, (y * size + x) * 3, (y * size + x) * 3 + 2);
        if (d < 11) pixels[(y * size + x) * 3 + 2] = 180;
      }
    }
    return { name, width: size, height: size, png: encodePng(size, size, pixels) };
  };
  return [
    diagram('architecture.png', 640, 280, 3, 30),
    diagram('pipeline.png', 600, 200, 4, 90),
    diagram('layers.png', 420, 320, 2, 150),
    diagram('cluster.png', 560, 260, 5, 10),
    icon('icon-info.png'),
  ];
}

/** An 8-bit RGB PNG: signature, IHDR, one IDAT (filter 0 on every row), IEND. */
export function encodePng(width: number, height: number, rgb: Buffer): Buffer {
  const raw = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) rgb.copy(raw, y * (width * 3 + 1) + 1, y * width * 3, (y + 1) * width * 3);
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // bit depth 8, colour type RGB, deflate, adaptive filtering, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

// ---------------------------------------------------------------- command line

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const { values } = parseArgs({
    options: { pages: { type: 'string', default: '500' }, out: { type: 'string' }, seed: { type: 'string' } },
  });
  const book = await generateBook({
    pages: Number(values.pages),
    dir: values.out,
    seed: values.seed === undefined ? undefined : Number(values.seed),
  });
  console.log(
    `${book.root}: ${book.chapterFiles.length} chapters, ${(book.markdownBytes / 1024).toFixed(0)} KB of Markdown, ` +
      `${book.images} images, about ${book.estimatedPages} pages`,
  );
}
