/**
 * Finds the documented response schema of a HubSpot call in the OpenAPI files kept in
 * `../shared/reference/hubspot-openapi/` (relative to the repository root), read at test time.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Schema } from './schema-validator.js';

const REPO_ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');

/**
 * Where the specs live: `../shared/reference/hubspot-openapi/` beside the repository, or beside
 * the folder holding it (a git worktree under `wt/`); the contract suite is skipped when neither exists.
 */
export const SPEC_DIR =
  [resolve(REPO_ROOT, '..'), resolve(REPO_ROOT, '../..')]
    .map((base) => join(base, 'shared/reference/hubspot-openapi'))
    .find((dir) => existsSync(dir)) ?? resolve(REPO_ROOT, '../shared/reference/hubspot-openapi');

interface Operation {
  file: string;
  template: string;
  regex: RegExp;
  literals: number;
  method: string;
  responses: Record<string, { content?: Record<string, { schema?: Schema }> }>;
  root: Schema;
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : p.endsWith('.json') ? [p] : [];
  });
}

/** All operations of every spec file, for path lookup. */
export class SpecIndex {
  private readonly ops: Operation[] = [];

  constructor(dir = SPEC_DIR) {
    for (const file of walk(dir)) {
      const doc = JSON.parse(readFileSync(file, 'utf8')) as Schema & {
        paths: Record<string, Record<string, unknown>>;
      };
      for (const [template, methods] of Object.entries(doc.paths)) {
        const segs = template.split('/');
        const regex = new RegExp(
          `^${segs.map((s) => (s.startsWith('{') ? '[^/]+' : s.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))).join('/')}$`,
        );
        for (const [method, op] of Object.entries(methods)) {
          const responses = (op as { responses?: Operation['responses'] }).responses;
          if (!responses) continue;
          this.ops.push({
            file: file.slice(dir.length + 1),
            template,
            regex,
            literals: segs.filter((s) => s && !s.startsWith('{')).length,
            method: method.toUpperCase(),
            responses,
            root: doc,
          });
        }
      }
    }
    this.ops.sort((a, b) => b.literals - a.literals);
  }

  /** Number of operations indexed. */
  get size(): number {
    return this.ops.length;
  }

  /** The operation documenting `method path`, or undefined. */
  find(method: string, path: string): Operation | undefined {
    return this.ops.find((o) => o.method === method && o.regex.test(path));
  }

  /**
   * The JSON schema of the response `status` (falling back to `default` for errors), or a reason
   * why there is none: an undocumented status is a contract failure in itself.
   */
  responseSchema(
    method: string,
    path: string,
    status: number,
  ): { schema?: Schema; root: Schema; where: string } | { missing: string } {
    const op = this.find(method, path);
    if (!op) return { missing: `no spec operation for ${method} ${path}` };
    const where = `${op.file} ${op.method} ${op.template} → ${status}`;
    let res = op.responses[String(status)] ?? (status >= 400 ? op.responses['default'] : undefined);
    if (!res) return { missing: `status ${status} is not documented (${where})` };
    const ref = (res as { $ref?: string }).$ref;
    if (ref)
      res = (op.root['components'] as Schema & { responses: Operation['responses'] }).responses[
        ref.split('/').pop() as string
      ];
    if (!res) return { missing: `unresolved response ${ref ?? ''} (${where})` };
    const schema = res.content?.['application/json']?.schema ?? res.content?.['*/*']?.schema;
    return schema ? { schema, root: op.root, where } : { root: op.root, where };
  }
}

/** Whether the specs folder exists. */
export function specsAvailable(): boolean {
  return existsSync(SPEC_DIR);
}
