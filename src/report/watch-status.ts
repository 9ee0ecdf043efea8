/**
 * Watch mode on the command line: one status line per rebuild. On a terminal it runs while the
 * build does (its stage, count and time) and is replaced by how the build ended; elsewhere only
 * that last line is printed.
 */
import type { WatchEvent } from '../watch/watch.ts';
import { formatMs, type Reporter } from './reporter.ts';

export function watchEvents(report: Reporter, print: (line: string) => void): (event: WatchEvent) => void {
  const lines = new Map<number, { line: string; changes: string }>();
  return (e) => {
    if (e.type === 'listening') report.status.above(() => print(`preview at ${e.url}`));
    else if (e.type === 'build-start') {
      const line = `[${e.id}] ${e.kind} build`;
      lines.set(e.id, { line, changes: e.changes.join(', ') || 'PDF and EPUB' });
      report.progress({ stage: '', done: 0, total: 0, unit: '' }, line);
    } else if (e.type === 'progress') {
      const build = lines.get(e.id);
      if (build) report.progress(e.progress, build.line);
    } else if (e.type === 'build-end') {
      const build = lines.get(e.id);
      lines.delete(e.id);
      if (build) report.status.end(build.line);
      const how = `${e.ok ? 'done' : 'failed'} in ${formatMs(e.ms)}`;
      report.say(`[${e.id}] ${e.kind} build ${how}${build ? `: ${build.changes}` : ''}`);
    } else if (e.type === 'error') report.error(e.message);
    else report.warning(e.message);
  };
}
