/**
 * book.yaml's JSON Schema, generated from the config schema: editors that read a
 * `# yaml-language-server: $schema=…` line (the one `quire init` writes) complete and check its keys.
 */
import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { configSchema } from './config-schema.ts';

/** Where the package ships it: `schema/` beside `src/` (and `lib/`). */
export const SCHEMA_FILE = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'schema', 'book.schema.json');

export function bookJsonSchema(): Record<string, unknown> {
  // What the author writes (`io: 'input'`): keys with a default may be left out. Draft 7, which
  // yaml-language-server and most validators read.
  const schema = z.toJSONSchema(configSchema, { io: 'input', target: 'draft-7', unrepresentable: 'any' });
  return { ...schema, title: 'book.yaml', description: 'A Quire book’s metadata and settings.' };
}

export const bookJsonSchemaText = () => JSON.stringify(bookJsonSchema(), null, 2) + '\n';

export async function writeBookSchema(file: string = SCHEMA_FILE): Promise<void> {
  await writeFile(file, bookJsonSchemaText());
}
