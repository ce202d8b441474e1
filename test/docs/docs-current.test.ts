import { readFileSync } from 'node:fs';
import * as prettier from 'prettier';
import { describe, expect, it } from 'vitest';
import { GENERATED_DOCS } from '../../src/docs/generated-docs.js';

const docsDir = new URL('../../docs/', import.meta.url);

/** What `npm run docs` writes: the render, formatted with the repo's prettier config. */
async function expected(file: string, text: string): Promise<string> {
  const filepath = new URL(file, docsDir).pathname;
  const options = (await prettier.resolveConfig(filepath)) ?? {};
  return prettier.format(text, { ...options, filepath });
}

/** Generated docs are committed; these tests fail when the code changed and `npm run docs` was not run. */
describe('generated documentation is current', () => {
  for (const doc of GENERATED_DOCS) {
    it(`docs/${doc.file} matches its source (run \`npm run docs\` when this fails)`, async () => {
      const onDisk = readFileSync(new URL(doc.file, docsDir), 'utf8');
      expect(onDisk).toBe(await expected(doc.file, doc.render()));
    });
  }
});
