/**
 * Syntax highlighting at build time with highlight.js: no script in the output,
 * colours come from class names styled in the stylesheets.
 * Only common languages are registered, which keeps start-up fast.
 */
import hljs from 'highlight.js/lib/core';
import bash from 'highlight.js/lib/languages/bash';
import c from 'highlight.js/lib/languages/c';
import cpp from 'highlight.js/lib/languages/cpp';
import csharp from 'highlight.js/lib/languages/csharp';
import css from 'highlight.js/lib/languages/css';
import diff from 'highlight.js/lib/languages/diff';
import dockerfile from 'highlight.js/lib/languages/dockerfile';
import go from 'highlight.js/lib/languages/go';
import ini from 'highlight.js/lib/languages/ini';
import java from 'highlight.js/lib/languages/java';
import javascript from 'highlight.js/lib/languages/javascript';
import json from 'highlight.js/lib/languages/json';
import kotlin from 'highlight.js/lib/languages/kotlin';
import makefile from 'highlight.js/lib/languages/makefile';
import markdown from 'highlight.js/lib/languages/markdown';
import nginx from 'highlight.js/lib/languages/nginx';
import php from 'highlight.js/lib/languages/php';
import plaintext from 'highlight.js/lib/languages/plaintext';
import powershell from 'highlight.js/lib/languages/powershell';
import python from 'highlight.js/lib/languages/python';
import ruby from 'highlight.js/lib/languages/ruby';
import rust from 'highlight.js/lib/languages/rust';
import shell from 'highlight.js/lib/languages/shell';
import sql from 'highlight.js/lib/languages/sql';
import swift from 'highlight.js/lib/languages/swift';
import typescript from 'highlight.js/lib/languages/typescript';
import xml from 'highlight.js/lib/languages/xml';
import yaml from 'highlight.js/lib/languages/yaml';

const languages = {
  bash,
  c,
  cpp,
  csharp,
  css,
  diff,
  dockerfile,
  go,
  ini,
  java,
  javascript,
  json,
  kotlin,
  makefile,
  markdown,
  nginx,
  php,
  plaintext,
  powershell,
  python,
  ruby,
  rust,
  shell,
  sql,
  swift,
  typescript,
  xml,
  yaml,
};
for (const [name, language] of Object.entries(languages)) hljs.registerLanguage(name, language);
// Names authors write that highlight.js does not alias itself.
hljs.registerAliases(['sh', 'zsh', 'console'], { languageName: 'bash' });
hljs.registerAliases(['text', 'txt', 'output'], { languageName: 'plaintext' });
hljs.registerAliases(['compose', 'yml'], { languageName: 'yaml' });
hljs.registerAliases(['docker', 'containerfile'], { languageName: 'dockerfile' });

const escapeMap: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
export const escapeHtml = (s: string) => s.replace(/[&<>"]/g, (ch) => escapeMap[ch]!);

const SHORT_BLOCK_LINES = 16;

/** A fence's language: its info's first word; `rust,ignore` (mdBook's attributes) is Rust too. */
export function fenceLanguage(info: string): string {
  return (
    info
      .trim()
      .split(/[\s,]+/)[0]
      ?.toLowerCase() ?? ''
  );
}

/** A whole `<pre>` block for a fenced code block. `info` is the fence's info string. */
export function highlightBlock(code: string, info: string): string {
  const lang = fenceLanguage(info);
  const known = lang !== '' && hljs.getLanguage(lang) !== undefined;
  const body = known ? hljs.highlight(code, { language: lang, ignoreIllegals: true }).value : escapeHtml(code);
  const langAttr = lang ? ` data-lang="${escapeHtml(lang)}"` : '';
  const langClass = lang ? ` language-${escapeHtml(lang)}` : '';
  // Short blocks are kept on one page when printed; long ones may break across pages.
  const short = code.split('\n').length <= SHORT_BLOCK_LINES ? ' short' : '';
  return `<pre class="code${short}"${langAttr}><code class="hljs${langClass}">${body}</code></pre>\n`;
}
