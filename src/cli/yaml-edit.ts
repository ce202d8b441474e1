/**
 * Edits ml-connector.yaml in place with the `yaml` Document API, so comments and layout survive;
 * written atomically (temp file + rename) so a crash never leaves half a config.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import { isMap, isSeq, parseDocument, type Document } from 'yaml';
import { ConfigError } from '../core/errors.js';

/** Reads the config as an editable document (CONFIG_NOT_FOUND when missing). */
export async function readConfigDocument(file: string): Promise<Document> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new ConfigError('CONFIG_NOT_FOUND', `config file not found: ${file} (run \`ml-connector init\`)`);
    }
    throw error;
  }
  const doc = parseDocument(text);
  if (doc.errors.length > 0) throw new ConfigError('CONFIG_INVALID', `${file}: YAML syntax error`);
  return doc;
}

/** Index of the connection named `name` in `connections`, or -1. */
export function connectionIndex(doc: Document, name: string): number {
  const seq = doc.get('connections');
  if (!isSeq(seq)) return -1;
  return seq.items.findIndex((item) => isMap(item) && item.get('name') === name);
}

/** Names of the connections in the document. */
export function connectionNames(doc: Document): string[] {
  const seq = doc.get('connections');
  if (!isSeq(seq)) return [];
  return seq.items.flatMap((item) =>
    isMap(item) && typeof item.get('name') === 'string' ? [item.get('name') as string] : [],
  );
}

/**
 * Sets `values` (dotted paths relative to the connection, e.g. `hubspot.token`) on the named
 * connection, creating the connection entry when it does not exist.
 */
export function setConnectionValues(doc: Document, name: string, values: Record<string, unknown>): void {
  let index = connectionIndex(doc, name);
  if (index < 0) {
    if (!isSeq(doc.get('connections'))) doc.set('connections', doc.createNode([]));
    doc.addIn(['connections'], doc.createNode({ name }));
    const seq = doc.get('connections');
    if (isSeq(seq)) index = seq.items.length - 1;
  }
  for (const [path, value] of Object.entries(values)) {
    if (value === undefined) continue;
    doc.setIn(['connections', index, ...path.split('.')], value);
  }
}

/** Writes the document atomically next to the original. */
export async function writeConfigDocument(file: string, doc: Document): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, doc.toString({ lineWidth: 0 }));
  await rename(tmp, file);
}
