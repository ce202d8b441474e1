/** docs/security.md names real tests: every cited test file exists, and every security test is cited. */
import { readdir, readFile, access } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');

describe('docs/security.md', () => {
  it('cites only test files that exist, and every test of test/security', async () => {
    const doc = await readFile(path.join(ROOT, 'docs/security.md'), 'utf8');
    const cited = [...doc.matchAll(/`(test\/[\w/.-]+\.test\.ts)`/g)].map((m) => m[1] ?? '');
    expect(cited.length).toBeGreaterThan(10);
    for (const file of cited) await expect(access(path.join(ROOT, file)), file).resolves.toBeUndefined();
    const own = (await readdir(path.join(ROOT, 'test/security'))).filter((f) => f.endsWith('.test.ts'));
    for (const file of own) expect(cited, file).toContain(`test/security/${file}`);
  });
});
