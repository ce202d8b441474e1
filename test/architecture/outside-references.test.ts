/**
 * The repository stands alone: no file cites a document it does not contain (the original design
 * notes, the vendor digests, "reference §x"). The one exception is the contract tests, which read
 * HubSpot's OpenAPI files from outside the repository at test time.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const OUTSIDE =
  /DESIGN\.md|CONVENTIONS\.md|qad-api\.md|hubspot-api\.md|reference §|\/work\/shared|\.\.\/shared\/(?!reference\/hubspot-openapi)/;
const THIS_FILE = 'test/architecture/outside-references.test.ts';

describe('references to documents outside the repository', () => {
  it('no tracked file cites one', () => {
    const files = execFileSync('git', ['ls-files'], { cwd: ROOT, encoding: 'utf8' })
      .split('\n')
      .filter((f) => f !== '' && f !== THIS_FILE && !f.endsWith('package-lock.json'));
    const hits: string[] = [];
    for (const file of files) {
      let text: string;
      try {
        text = readFileSync(path.join(ROOT, file), 'utf8');
      } catch {
        continue; // deleted in the work tree
      }
      text.split('\n').forEach((line, i) => {
        if (OUTSIDE.test(line)) hits.push(`${file}:${i + 1}: ${line.trim().slice(0, 120)}`);
      });
    }
    expect(hits).toEqual([]);
  });
});
