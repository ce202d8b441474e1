/**
 * Finds the documented request and response schemas of a HubSpot call in the OpenAPI files kept
 * in `../shared/reference/hubspot-openapi/` (relative to the repository root), read at test time.
 * `HUBSPOT_OPENAPI_DIR` points elsewhere (e.g. from a worktree one level deeper).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Schema } from './schema-validator.js';

const REPO_ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');

/**
 * Where the specs live: `$HUBSPOT_OPENAPI_DIR`, else `../shared/reference/hubspot-openapi/`
 * beside the repository; the contract suites are skipped when the folder is missing.
 */
export const SPEC_DIR =
  process.env['HUBSPOT_OPENAPI_DIR'] ?? resolve(REPO_ROOT, '../shared/reference/hubspot-openapi');

interface Operation {
  file: string;
  template: string;
  regex: RegExp;
  literals: number;
  method: string;
  responses: Record<string, { content?: Record<string, { schema?: Schema }> }>;
  requestBody?: { content?: Record<string, { schema?: Schema }>; required?: boolean };
  root: Schema;
}

const TYPE_IDS: Record<string, string> = {
  contacts: '0-1',
  companies: '0-2',
  deals: '0-3',
  products: '0-7',
  line_items: '0-8',
};

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
          const { responses, requestBody } = op as Pick<Operation, 'responses' | 'requestBody'>;
          if (!responses) continue;
          this.ops.push({
            ...(requestBody ? { requestBody } : {}),
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

  /**
   * The operation documenting `method path`, or undefined. HubSpot takes an object type by name or
   * by id, and some specs document only one form (deals as `0-3`), so both are tried.
   */
  find(method: string, path: string): Operation | undefined {
    const byId = path.replace(
      /\/(contacts|companies|deals|products|line_items)(?=\/|$)/g,
      (_m, t: string) => `/${TYPE_IDS[t] ?? t}`,
    );
    return (
      this.ops.find((o) => o.method === method && o.regex.test(path)) ??
      this.ops.find((o) => o.method === method && o.regex.test(byId))
    );
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

  /**
   * The JSON schema a request body must match, `none` when the operation takes no body, or a
   * reason why the call is not documented at all.
   */
  requestSchema(
    method: string,
    path: string,
  ): { schema: Schema; root: Schema; where: string } | { none: true; where: string } | { missing: string } {
    const op = this.find(method, path);
    if (!op) return { missing: `no spec operation for ${method} ${path}` };
    const where = `${op.file} ${op.method} ${op.template}`;
    const schema = op.requestBody?.content?.['application/json']?.schema;
    return schema ? { schema, root: op.root, where } : { none: true, where };
  }
}

/** Whether the specs folder exists. */
export function specsAvailable(): boolean {
  return existsSync(SPEC_DIR);
}
