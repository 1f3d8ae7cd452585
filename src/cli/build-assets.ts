import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const SOURCE = path.resolve(here, '../web/assets/diogel.scss');
const OUT_DIR = path.resolve(here, '../../public/build');
const OUT = path.join(OUT_DIR, 'diogel.css');

/** Compile the stylesheet; skipped when the compiled file is newer than its source. */
export async function buildAssets(options: { force?: boolean } = {}): Promise<{ built: boolean; bytes: number }> {
  if (!options.force && fs.existsSync(OUT) && fs.statSync(OUT).mtimeMs >= fs.statSync(SOURCE).mtimeMs) {
    return { built: false, bytes: fs.statSync(OUT).size };
  }
  const sass = await import('sass');
  const result = await sass.compileAsync(SOURCE, {
    style: 'compressed',
    importers: [new sass.NodePackageImporter()],
    quietDeps: true,
  });
  fs.mkdirSync(OUT_DIR, { recursive: true });
  fs.writeFileSync(OUT, result.css);
  return { built: true, bytes: result.css.length };
}
