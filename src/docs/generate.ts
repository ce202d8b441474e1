/**
 * `npm run docs`: writes every generated document (src/docs/generated-docs.ts) into a folder,
 * default `./docs` under the current directory; the npm script then formats them with prettier.
 * Usage: `tsx src/docs/generate.ts [outDir]`.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { GENERATED_DOCS } from './generated-docs.js';

/* Writes the generated docs into `outDir` and returns the paths written. */
async function writeGeneratedDocs(outDir: string): Promise<string[]> {
  await mkdir(outDir, { recursive: true });
  const written: string[] = [];
  for (const doc of GENERATED_DOCS) {
    const file = path.join(outDir, doc.file);
    await writeFile(file, doc.render());
    written.push(file);
  }
  return written;
}

const outDir = path.resolve(process.argv[2] ?? 'docs');
for (const file of await writeGeneratedDocs(outDir)) process.stdout.write(`wrote ${file}\n`);
