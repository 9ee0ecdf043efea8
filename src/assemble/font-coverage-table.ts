/** Writes font-coverage.json for the installed font packages (`npm run fonts:coverage`). */
import { writeFileSync } from 'node:fs';
import { BUNDLED, loadPackage } from './font-catalogue.ts';
import { computeGaps, TABLE_FILE, type GapTable } from './font-coverage.ts';
import { createRequire } from 'node:module';

export function writeCoverageTable(): void {
  const require = createRequire(import.meta.url);
  const out: GapTable = {};
  for (const spec of BUNDLED) {
    // Declared ranges only: loadPackage with an empty table would compute the gaps itself.
    const family = loadPackage(spec.pkg, spec, import.meta.url, { declaredOnly: true });
    if (!family) throw new Error(`${spec.pkg} is not installed: run npm ci first`);
    const { version } = require(`${spec.pkg}/package.json`) as { version: string };
    out[`${spec.pkg}@${version}`] = computeGaps(family.faces);
    process.stdout.write(
      `${spec.pkg}@${version}: ${Object.keys(out[`${spec.pkg}@${version}`]!).length} files with gaps\n`,
    );
  }
  writeFileSync(TABLE_FILE, JSON.stringify(out, null, 0).replace(/},"/g, '},\n"') + '\n');
}
