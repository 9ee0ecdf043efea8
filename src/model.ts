/**
 * The book model: what `load` produces and every later stage reads.
 * Stages add to it by returning new data (RenderedBook), never by mutating globals.
 */
import type { BookConfig, OutputFormat } from './load/config-schema.ts';
import type { QuireError } from './util/errors.ts';

export interface Chapter {
  /** Stable ASCII id, from the file path: names the chapter's HTML and XHTML files. */
  id: string;
  /** Absolute path of the Markdown file. */
  file: string;
  /** Path below the chapters folder (`chapters/`, mdBook's `src/`, the docs folder), with forward slashes. */
  relPath: string;
  /** The Markdown after the front matter (mdBook includes expanded, MDX imports and JSX left out). */
  body: string;
  /** Lines before `body` in the file (front matter), to turn body lines into file lines. */
  bodyLineOffset: number;
  /**
   * When the body is not the file's text line for line (mdBook includes): the file line of each body
   * line (0-based index); lines that came from an included file map to the line of their directive.
   * Use `fileLine()` rather than reading it.
   */
  lineMap?: number[];
  frontMatter: Record<string, unknown>;
  title: string;
  /**
   * True when the body opens with a heading that the template prints as the chapter's title (the
   * heading is then not rendered in the body).
   */
  titleFromHeading: boolean;
  /**
   * The text of that heading, when the layout prints it in place of `title` (SUMMARY.md books: the
   * page's own heading is its printed title, the SUMMARY.md text its title in contents and bookmarks).
   */
  heading?: string;
  /**
   * Chapter number among the top-level numbered chapters, or undefined for unnumbered chapters
   * (preface, appendix): the chapters before the first numbered one are the front matter.
   */
  number: number | undefined;
  /** The chapter's number in its tool's outline (mdBook's `[2, 1]`, shown "2.1."), for `section` numbering. */
  section?: number[];
  draft: boolean;
  /** Nesting: 0 for a chapter, 1 for a sub-chapter, and so on (SUMMARY.md lists, Docusaurus folders). */
  depth: number;
  /** The id of the chapter this one is a sub-chapter of (depth > 0). */
  parent: string | undefined;
  /** The id of the part (Book.parts) this chapter belongs to, at any depth. */
  part: string | undefined;
  /**
   * Site paths its own tool serves it at besides its file's (Docusaurus routes and ids, from the
   * site root, the first one canonical): links written for that site find the chapter by them.
   */
  routes?: string[];
}

/**
 * How the book's chapters are labelled, as its own tool does: `chapter` ("Chapter 3", Quire's own
 * layout: top-level numbered chapters), `section` ("3.", "3.1.": mdBook, GitBook's `showLevel`), or
 * `none` (HonKit, GitBook and Docusaurus by default).
 */
export type Numbering = 'chapter' | 'section' | 'none';

/** A part: a titled group of chapters (SUMMARY.md's `# Part` headings, a Docusaurus category). */
export interface Part {
  id: string;
  title: string;
}

export interface Book {
  /** Absolute path of the book root (the folder with book.yaml, book.toml, book.json or SUMMARY.md, or the docs folder). */
  root: string;
  /** Which tool's layout the book was read in (see src/load/layouts/). */
  layout: 'quire' | 'mdbook' | 'honkit' | 'docusaurus';
  /** The file the settings came from (book.yaml, book.toml, book.json, SUMMARY.md or the docs folder): errors about settings name it. */
  configFile: string;
  config: BookConfig;
  /** Identifier from book.yaml, else derived from the title (stable across builds). */
  identifier: string;
  chapters: Chapter[];
  /** Parts in reading order; empty for a book without parts. */
  parts: Part[];
  numbering: Numbering;
  /**
   * Set when the book's tool hides lines of code blocks (mdBook: `# ` lines in Rust, see
   * render/hidden-lines.ts): the prefix of hidden lines, by language. Undefined: every line is shown.
   */
  hiddenLines?: Record<string, string>;
  /** Problems that do not stop the build. */
  warnings: QuireError[];
  /** Where a Docusaurus site serves files from, for links and images written for that site. */
  site?: SiteFiles;
}

export interface SiteFiles {
  /** The docs' route base (`/docs`; `` for `/`): a link relative to it names a doc by path or id. */
  routeBase: string;
  /** Static folders, whose files the site serves from its root (`/img/x.png`). */
  staticDirs: string[];
  /** The folder holding the site and its docs: files outside it are outside the book. */
  filesRoot: string;
}

/** The line of a chapter's file that body line `index` (0-based) came from, 1-based. */
export function fileLine(chapter: Pick<Chapter, 'bodyLineOffset' | 'lineMap'>, index: number): number {
  return chapter.lineMap?.[index] ?? chapter.bodyLineOffset + index + 1;
}

export interface Heading {
  level: number;
  /** Plain text of the heading. */
  text: string;
  /** Inner HTML of the heading (keeps inline code, emphasis). */
  html: string;
  id: string;
}

/** An image or other file the chapters refer to; outputs copy or embed it. */
export interface Asset {
  /** Absolute path on disk. */
  file: string;
  /** Path relative to the book root, with forward slashes: where outputs put it. */
  path: string;
  mediaType: string;
  /** A file the book links to but does not show (a download): the site offers it, the PDF and EPUB do not. */
  linkedOnly?: boolean;
  /** For a remote image: where it is fetched from (then `file` is filled in by fetchRemoteImages). */
  url?: string;
  /** Where the book refers to it, for errors found after rendering. */
  from?: { file: string; line: number };
}

/** A chapter's titles, worked out once per build (render/chapter-titles.ts): outputs and templates only read them. */
export interface ChapterTitles {
  /** "Chapter 3", "3.2.", or none (the layout numbers nothing, or the title carries its own number). */
  label: string | undefined;
  /** The title in the contents, as written (the short title). */
  title: string;
  /** The title printed over the chapter: its leading heading, else `title`. */
  heading: string;
  /** Label and title as one line, e.g. "第 3 章\u3000獲取 Docker": navigation, bookmarks, running heads, search. */
  labelled: string;
  /** The title of the chapter's own page (the site's, a handout's): the labelled title, then the book's. */
  document: string;
  /** A handout PDF's document title: the title without its label, then the book's. */
  handout: string;
}

export interface RenderedChapter {
  chapter: Chapter;
  titles: ChapterTitles;
  /** The id of the chapter's title heading. */
  anchor: string;
  /** Body HTML; links and images use `quire:` URLs that each output resolves (see render/links.ts). */
  html: string;
  headings: Heading[];
  /** Whether it has formulas: its pages need KaTeX's stylesheet and fonts. */
  math: boolean;
}

export interface RenderedBook {
  book: Book;
  chapters: RenderedChapter[];
  assets: Asset[];
  /** Problems found while rendering that do not stop the build (the book's load warnings are in `book`). */
  warnings: QuireError[];
  /** The chapters carry page marks (assemble/page-marks.ts): the PDF says where its pages start. */
  pageMarks?: boolean;
}

export interface BuildOptions {
  /** Book root. Default: the current directory. */
  root?: string;
  /** Outputs to build. Default: book.yaml's `output.formats`. */
  formats?: OutputFormat[];
  /** Output folder. Default: book.yaml's `output.dir` under the root. */
  outDir?: string;
  /** Also write one PDF per chapter (default: book.yaml's `pdf.handouts`). */
  handouts?: boolean;
  /** Include `draft: true` chapters. */
  drafts?: boolean;
  /** Every warning is an error: the build fails (after writing the outputs, when a warning came from one). */
  strict?: boolean;
  /** Read and write Quire's cache of drawn diagrams and covers and fetched images (default true; `--no-cache`). */
  cache?: boolean;
  /** Called once per finished stage, with its time. */
  onStage?: (stage: string, ms: number) => void;
  /** Called for each warning. */
  onWarning?: (warning: QuireError) => void;
  /** Called as a stage advances (at its start with `done` 0), for a progress display. */
  onProgress?: (progress: Progress) => void;
}

/**
 * How far a running stage is: `done` of `total` units, counted as the work really happens
 * (chapters rendered, diagrams drawn, documents written, the PDF's prints made).
 */
export interface Progress {
  /** The stage, as named in timings: `render`, `diagrams`, `html`, `pdf`, `epub`, `handouts`. */
  stage: string;
  done: number;
  total: number;
  /** What is counted, plural: `chapters`, `diagrams`, `files`, `prints`, `documents`. */
  unit: string;
}
