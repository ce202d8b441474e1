/**
 * The dependency rules of docs/architecture.md, checked on the source itself: imports are read
 * with a regular expression (static, dynamic, re-exports and `declare module` augmentations), so
 * the rules need no tool. A folder of src/ is its first path segment, except that each connector
 * (src/connectors/<system>) is a folder of its own.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const srcDir = path.join(root, 'src');
const sandboxDir = path.join(root, 'sandbox');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? sourceFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

const IMPORT = /(?:\bfrom\s+|\bimport\s*\(\s*|^\s*import\s+|\bdeclare\s+module\s+)'(\.{1,2}\/[^']+)'/gm;

/** Every relative import of `file`, resolved to the absolute path of the `.ts` file it names. */
function importsOf(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(IMPORT)].map((m) =>
    path.resolve(path.dirname(file), (m[1] as string).replace(/\.js$/, '.ts')),
  );
}

function folderOf(file: string): string {
  const parts = path.relative(srcDir, file).split(path.sep);
  if (parts.length === 1) return '(src)';
  return parts[0] === 'connectors' ? parts.slice(0, 2).join('/') : (parts[0] as string);
}

/** folder → folder → one import that makes the edge (for the failure message). */
function folderGraph(): Map<string, Map<string, string>> {
  const graph = new Map<string, Map<string, string>>();
  for (const file of sourceFiles(srcDir)) {
    const from = folderOf(file);
    for (const target of importsOf(file)) {
      if (!target.startsWith(srcDir + path.sep)) continue;
      const to = folderOf(target);
      if (to === from) continue;
      const edges = graph.get(from) ?? new Map<string, string>();
      if (!edges.has(to)) edges.set(to, `${path.relative(root, file)} → ${path.relative(root, target)}`);
      graph.set(from, edges);
    }
  }
  return graph;
}

/** Each cycle once, as the list of imports that close it. */
function cycles(graph: Map<string, Map<string, string>>): string[][] {
  const found = new Map<string, string[]>();
  const walk = (node: string, trail: string[]): void => {
    for (const next of graph.get(node)?.keys() ?? []) {
      const at = trail.indexOf(next);
      if (at >= 0) {
        const loop = [...trail.slice(at), next];
        const key = [...loop.slice(0, -1)].sort().join(',');
        if (!found.has(key))
          found.set(
            key,
            loop.slice(0, -1).map((f, i) => graph.get(f)?.get(loop[i + 1] as string) ?? ''),
          );
      } else walk(next, [...trail, next]);
    }
  };
  for (const start of graph.keys()) walk(start, [start]);
  return [...found.values()];
}

describe('dependencies between parts', () => {
  const graph = folderGraph();

  it('the scan sees the real imports', () => {
    expect(graph.get('cli')?.has('app')).toBe(true);
    expect(graph.get('flows')?.has('engine')).toBe(true);
  });

  it('has no import cycle between folders of src/', () => {
    expect(cycles(graph)).toEqual([]);
  });

  it('keeps core free of every other folder', () => {
    expect([...(graph.get('core')?.values() ?? [])]).toEqual([]);
  });

  it('lets the engine depend on core alone (it declares the ports it calls)', () => {
    expect([...(graph.get('engine')?.keys() ?? [])].filter((to) => to !== 'core')).toEqual([]);
  });
});

describe('HubSpot writes have one owner', () => {
  it('no file outside src/connectors/hubspot/ names HubSpot batch limits or error shapes', () => {
    const hubspotDir = path.join(srcDir, 'connectors', 'hubspot') + path.sep;
    const shapes =
      /\b(?:MAX_BATCH_INPUTS|OutcomeError|HubSpotStandardError|objectWriteTraceId)\b|Existing ID/;
    const found = sourceFiles(srcDir)
      .filter((file) => !file.startsWith(hubspotDir))
      .flatMap((file) =>
        readFileSync(file, 'utf8')
          .split('\n')
          .flatMap((line, i) =>
            shapes.test(line) ? [`${path.relative(root, file)}:${i + 1}: ${line.trim()}`] : [],
          ),
      );
    expect(found).toEqual([]);
  });
});

describe('sandbox/', () => {
  it('imports nothing from src/ (it stands in for the vendors, not for our client)', () => {
    const files = sourceFiles(sandboxDir);
    expect(files.length).toBeGreaterThan(20);
    const intoSrc = files.flatMap((file) =>
      importsOf(file)
        .filter((target) => !target.startsWith(sandboxDir + path.sep))
        .map((target) => `${path.relative(root, file)} → ${path.relative(root, target)}`),
    );
    expect(intoSrc).toEqual([]);
  });
});
