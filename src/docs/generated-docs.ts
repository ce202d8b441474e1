/**
 * The documents generated from code, by file name under docs/. `npm run docs` writes them (then
 * formats them with prettier); test/docs fails when a committed file differs from its render.
 */
import { renderConfigDoc } from './config-doc.js';
import { renderErrorsDoc } from './errors-doc.js';
import { renderMappingsDoc } from './mappings-doc.js';

/** One generated document: its file name in docs/ and its renderer. */
export interface GeneratedDoc {
  file: string;
  render(): string;
}

export const GENERATED_DOCS: readonly GeneratedDoc[] = [
  { file: 'configuration.md', render: () => renderConfigDoc() },
  { file: 'mappings.md', render: renderMappingsDoc },
  { file: 'errors.md', render: renderErrorsDoc },
];
