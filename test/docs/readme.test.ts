import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { REQUIRED_SCOPES } from '../../src/app/required-scopes.js';
import { QAD_DOCUMENTS, QAD_DEFAULT_BROWSES } from '../../src/connectors/qad/defaults.js';
import { QAD_PROPERTIES } from '../../src/flows/properties.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

/** The text of the `###` section titled `title`. */
function section(title: string): string {
  return readme.split(/\n(?=#{2,3} )/).find((part) => part.startsWith(`### ${title}`)) ?? '';
}

/** The table row of `text` whose first cell is `first` (cells may be padded by prettier). */
function row(text: string, first: string): string {
  return text.split('\n').find((line) => new RegExp(`^\\|\\s*${first}\\s*\\|`).test(line)) ?? '';
}

/** The README's access lists are hand-written; these tests tie them to the code they describe. */
describe('README', () => {
  it('keeps the two commands at the top', () => {
    const firstBlock = /```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    expect(firstBlock.split('\n').slice(0, 2)).toEqual([
      'npm ci && npm run demo    # runs every flow against local HubSpot and QAD sandboxes',
      'npm ci && npm test        # every test (SQLite always; PostgreSQL when DATABASE_URL is set)',
    ]);
  });

  it('lists every HubSpot scope a flow needs, in that flow’s row', () => {
    for (const [flow, scopes] of Object.entries(REQUIRED_SCOPES)) {
      for (const scope of scopes)
        expect(row(section('HubSpot access it needs'), flow)).toContain(`\`${scope}\``);
    }
  });

  it('names every property the connector creates, per object, and the QAD permission ping probes', () => {
    for (const [type, defs] of Object.entries(QAD_PROPERTIES)) {
      for (const def of defs)
        expect(row(section('What it creates in HubSpot'), type)).toContain(`\`${def.name}\``);
      for (const def of defs.filter((d) => d.hasUniqueValue === true)) {
        expect(row(section('What it creates in HubSpot'), type)).toMatch(
          new RegExp(`\\| \`${def.name}\`\\s*\\|$`),
        );
      }
    }
    expect(readme).toContain(QAD_DOCUMENTS.salesOrderPermissionUri);
    for (const entity of ['customer', 'item', 'salesOrder'] as const) {
      expect(readme).toContain(QAD_DEFAULT_BROWSES[entity].browseId);
    }
  });

  it('links only to docs that exist', () => {
    for (const m of readme.matchAll(/\]\((docs\/[^)]+)\)/g)) {
      const target = m[1] as string;
      if (target === 'docs/deploy.md' || target === 'docs/reliability.md') continue; // written by other areas
      expect(existsSync(fileURLToPath(new URL(`../../${target}`, import.meta.url))), target).toBe(true);
    }
  });
});
