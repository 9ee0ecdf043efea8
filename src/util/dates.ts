/** Dates stamped into outputs: SOURCE_DATE_EPOCH makes builds reproducible (reproducible-builds.org). */

/** SOURCE_DATE_EPOCH as a date, when set to a whole number of seconds. */
export function sourceDateEpoch(env: NodeJS.ProcessEnv = process.env): Date | undefined {
  const epoch = env.SOURCE_DATE_EPOCH;
  return epoch && /^\d+$/.test(epoch) ? new Date(Number(epoch) * 1000) : undefined;
}

/** A book.yaml date (YYYY, YYYY-MM or YYYY-MM-DD) as midnight UTC. */
export function bookDate(date: string): Date {
  const [year, month = '01', day = '01'] = date.split('-');
  return new Date(`${year}-${month}-${day}T00:00:00Z`);
}

/** PDF and EPUB timestamp format without milliseconds: 2026-11-27T00:00:00Z. */
export const isoSeconds = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, 'Z');
