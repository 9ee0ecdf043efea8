/** Quire's library API. The CLI (cli.ts) is a thin layer over these. */
export { build, type BuildResult } from './build.ts';
export { check, type CheckOptions, type CheckResult } from './check.ts';
export { loadBook } from './load/load-book.ts';
export { renderBook } from './render/render-book.ts';
export { initBook, type InitOptions, type InitResult } from './init/init.ts';
export { loadTemplates } from './assemble/templates.ts';
export { configReference, configSchema, type BookConfig, type OutputFormat } from './load/config-schema.ts';
export { QuireError, QuireErrors, isUserError } from './util/errors.ts';
export type { Book, BuildOptions, Chapter, RenderedBook, RenderedChapter } from './model.ts';
