/** What watch mode's parts share: the events it reports, and the session's context. */
import type { BuildOptions, Progress } from '../model.ts';
import type { BuildSession } from '../build.ts';
import type { PreviewServer } from './preview-server.ts';

export type WatchEvent =
  | { type: 'build-start'; id: number; kind: 'site' | 'background'; changes: string[] }
  | {
      type: 'build-end';
      id: number;
      kind: 'site' | 'background';
      ms: number;
      ok: boolean;
      /** Background builds: whether the PDF was printed whole, had chapters reprinted into it, or was current. */
      pdf?: 'whole' | 'reprinted' | 'unchanged';
    }
  | { type: 'progress'; id: number; progress: Progress }
  | { type: 'error'; message: string; error: unknown }
  | { type: 'warning'; message: string }
  | { type: 'listening'; url: string };

export interface WatchContext {
  root: string;
  outDir: string;
  /** What every build of the session is given. */
  built: Pick<BuildOptions, 'root' | 'outDir' | 'drafts' | 'cache' | 'handouts'>;
  server: PreviewServer;
  emit: (event: WatchEvent) => void;
  /** Emit an error and return its text, for the preview's overlay. */
  report: (error: unknown) => string;
  /** The next build's number, in events. */
  nextId: () => number;
  /** The session builds use: replaced (by the site lane) when the settings change. */
  session: BuildSession;
  closed: boolean;
}
