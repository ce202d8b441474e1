import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { appConfigSchema } from '../../src/config/schema.js';
import { ERROR_CODES } from '../../src/core/error-codes.js';
import { renderConfigDoc } from '../../src/docs/config-doc.js';
import { renderErrorsDoc } from '../../src/docs/errors-doc.js';
import { renderMappingsDoc } from '../../src/docs/mappings-doc.js';
import { QAD_PROPERTIES } from '../../src/flows/properties.js';
import { ACCOUNTS_MAPPING } from '../../src/flows/accounts/default-mapping.js';
import { CATALOG_MAPPING } from '../../src/flows/catalog/default-mapping.js';
import { CONTACTS_MAPPING } from '../../src/flows/contacts/default-mapping.js';

const srcDir = fileURLToPath(new URL('../../src/', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? sourceFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** Codes emitted outside the registry that are known and reported to their owner. Keep this empty. */
const NOT_YET_REGISTERED = new Set<string>();

describe('docs/errors.md', () => {
  it('documents every error code the source emits (typed or as a plain string)', () => {
    const doc = renderErrorsDoc();
    const emitted = new Map<string, string>();
    const pattern = /(?:\bcode:\s*|Error\(\s*|\bcode\s*=\s*)'([A-Z][A-Z0-9_]{2,})'/g;
    for (const file of sourceFiles(srcDir)) {
      for (const m of readFileSync(file, 'utf8').matchAll(pattern)) {
        emitted.set(m[1] as string, path.relative(srcDir, file));
      }
    }
    expect(emitted.size).toBeGreaterThan(20); // the scan sees the real emitters
    const undocumented = [...emitted]
      .filter(([code]) => !(code in ERROR_CODES) && !NOT_YET_REGISTERED.has(code))
      .map(([code, file]) => `${code} (${file})`);
    expect(undocumented).toEqual([]);
    for (const code of Object.keys(ERROR_CODES)) expect(doc).toContain(`| \`${code}\` |`);
  });

  it('lists only codes the source emits (no code defined and never used)', () => {
    const registry = path.join(srcDir, 'core/error-codes.ts');
    const used = new Set<string>();
    for (const file of sourceFiles(srcDir)) {
      if (file === registry) continue;
      for (const m of readFileSync(file, 'utf8').matchAll(/'([A-Z][A-Z0-9_]{2,})'/g))
        used.add(m[1] as string);
    }
    expect(used.size).toBeGreaterThan(20); // the scan sees the real emitters
    expect(Object.keys(ERROR_CODES).filter((code) => !used.has(code))).toEqual([]);
  });
});

describe('docs/configuration.md', () => {
  it('has a row for every key of every object in the schema, with its description', () => {
    const doc = renderConfigDoc();
    const shape = appConfigSchema.shape;
    for (const key of Object.keys(shape)) expect(doc).toContain(`| \`${key}\` |`);
    for (const section of [
      'connections[]',
      'connections[].hubspot',
      'connections[].hubspot.rateLimit',
      'connections[].qad',
      'connections[].qad.orders',
      'connections[].qad.qxtend',
      'connections[].flows.orders',
      'connections[].flows.catalog.schedule',
    ]) {
      expect(doc).toContain(`## \`${section}\``);
    }
    expect(doc).toMatch(/\| `hubId` \| integer, > 0 \| \*\*required\*\* \| HubSpot portal \(Hub\) id/);
    expect(doc).toMatch(/\| `token` \| secret reference: `env:NAME` or `vault:NAME` \| \*\*required\*\*/);
    expect(doc).toContain('| `emailConflict` | `link-existing` \\| `report` | `report` |');
    expect(doc).toContain(
      '| `schedule` | object — see `connections[].flows.catalog.schedule` | `{"cron":"0 * * * *"}` |',
    );
  });

  it('follows a schema change (a new described key appears with its default)', () => {
    const extended = appConfigSchema.extend({
      newKnob: appConfigSchema.shape.keyFile.describe('A knob added later.'),
    });
    expect(renderConfigDoc(extended)).toContain(
      '| `newKnob` | string | `./.ml-connector/master.key` | A knob added later. |',
    );
  });
});

describe('docs/mappings.md', () => {
  it('lists every default mapping row and every property the connector creates', () => {
    const doc = renderMappingsDoc();
    for (const table of [ACCOUNTS_MAPPING, CONTACTS_MAPPING, CATALOG_MAPPING]) {
      for (const row of table.rows) expect(doc).toContain(`| \`${row.property}\` |`);
    }
    for (const [type, defs] of Object.entries(QAD_PROPERTIES)) {
      for (const def of defs) expect(doc).toContain(`| ${type} | \`${def.name}\` |`);
    }
    expect(doc).toContain('| `qad_account_key` | `key` |  | yes |');
  });
});
