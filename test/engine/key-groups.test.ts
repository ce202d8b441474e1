/** Grouping by key with bounded memory: the same groups in memory and spilled, and no file left. */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openKeyGroups } from '../../src/engine/key-groups.js';

interface Part {
  key: string;
  role: string;
  n: number;
}

/** 300 parts over 120 keys, two roles arriving interleaved, as two concurrent browses deliver them. */
function parts(): Part[][] {
  const pages: Part[][] = [];
  for (let page = 0; page < 6; page += 1) {
    const records: Part[] = [];
    for (let i = 0; i < 50; i += 1) {
      const n = page * 50 + i;
      records.push({
        key: `k${String((n * 7) % 120).padStart(3, '0')}`,
        role: page % 2 === 0 ? 'c' : 's',
        n,
      });
    }
    pages.push(records);
  }
  return pages;
}

const sortedGroups = (groups: Iterable<Part[]>): Part[][] =>
  [...groups].sort((a, b) => (a[0] as Part).key.localeCompare((b[0] as Part).key));

describe('openKeyGroups', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'mlc-groups-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('spilled, it yields the same groups (arrival order inside each, keys in order) and deletes its file', async () => {
    const inMemory = openKeyGroups<Part>({ key: (p) => p.key, spillDir: dir });
    const spilled = openKeyGroups<Part>({ key: (p) => p.key, inMemoryLimit: 120, spillDir: dir });
    for (const page of parts()) {
      inMemory.add(page);
      spilled.add(page);
    }
    expect(inMemory.spilled).toBe(false);
    expect(spilled.spilled).toBe(true);
    expect(spilled.size).toBe(300);
    expect(await readdir(dir)).toHaveLength(1);

    const fromDisk = [...spilled.groups()];
    const keys = fromDisk.map((g) => (g[0] as Part).key);
    expect(keys).toEqual([...keys].sort());
    expect(new Set(keys).size).toBe(120);
    for (const group of fromDisk) {
      const ns = group.map((p) => p.n);
      expect(ns).toEqual([...ns].sort((a, b) => a - b));
    }
    expect(fromDisk).toEqual(sortedGroups(inMemory.groups()));

    spilled.close();
    inMemory.close();
    expect(await readdir(dir)).toEqual([]);
  });

  it('stays in memory up to its limit', () => {
    const groups = openKeyGroups<Part>({ key: (p) => p.key, inMemoryLimit: 300, spillDir: dir });
    for (const page of parts()) groups.add(page);
    expect(groups.spilled).toBe(false);
    expect([...groups.groups()].flat()).toHaveLength(300);
    groups.close();
  });
});
