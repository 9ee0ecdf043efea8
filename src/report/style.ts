/**
 * Colour on the command line: on a terminal that shows it, off with NO_COLOR (no-color.org), on
 * with FORCE_COLOR even in a pipe (CI systems that render colour set it). FORCE_COLOR wins when
 * both are set, as in Node itself.
 */
export interface Style {
  error: (text: string) => string;
  warning: (text: string) => string;
  dim: (text: string) => string;
  bold: (text: string) => string;
  bar: (text: string) => string;
}

export interface ColourStream {
  isTTY?: boolean;
  hasColors?: () => boolean;
}

export function colourWanted(stream: ColourStream, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.FORCE_COLOR !== undefined) return !['0', 'false'].includes(env.FORCE_COLOR);
  if (env.NO_COLOR) return false;
  return Boolean(stream.isTTY) && (stream.hasColors?.() ?? true);
}

/** Select Graphic Rendition codes: the few a status line and a warning need. */
const sgr = (on: string, off: string) => (text: string) => `\x1b[${on}m${text}\x1b[${off}m`;

const PLAIN: Style = { error: String, warning: String, dim: String, bold: String, bar: String };

export function style(colour: boolean): Style {
  if (!colour) return PLAIN;
  return {
    error: sgr('1;31', '22;39'),
    warning: sgr('33', '39'),
    dim: sgr('2', '22'),
    bold: sgr('1', '22'),
    bar: sgr('36', '39'),
  };
}
