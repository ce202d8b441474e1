/**
 * Which build is running: the package version, and the git commit when it can be known — the
 * `gitHead` npm writes into a package packed from a git checkout, else the HEAD of the checkout
 * the code runs from, else `unknown`. Read from files on each call (the caller keeps the result).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface BuildInfo {
  version: string;
  commit: string;
}

const PACKAGE_NAME = 'ml-connector';

/** The directory of our package.json, walking up from this file (src/app or dist/src/app). */
function packageRoot(from: string): string | null {
  let dir = from;
  for (;;) {
    const file = path.join(dir, 'package.json');
    if (existsSync(file)) {
      try {
        const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown };
        if (pkg.name === PACKAGE_NAME) return dir;
      } catch {
        // not ours; keep walking
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

function readText(file: string): string | null {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    return null;
  }
}

/** The commit HEAD names in the checkout at `root` (a `.git` directory or a worktree's `.git` file). */
export function gitHead(root: string): string | null {
  const dotGit = path.join(root, '.git');
  if (!existsSync(dotGit)) return null;
  let gitDir = dotGit;
  if (!statSync(dotGit).isDirectory()) {
    const pointer = /^gitdir:\s*(.+)$/m.exec(readText(dotGit) ?? '')?.[1];
    if (!pointer) return null;
    gitDir = path.resolve(root, pointer.trim());
  }
  const head = readText(path.join(gitDir, 'HEAD'));
  if (head === null) return null;
  if (/^[0-9a-f]{40}$/.test(head)) return head;
  const ref = /^ref:\s*(\S+)$/.exec(head)?.[1];
  if (!ref) return null;
  const common = readText(path.join(gitDir, 'commondir'));
  const commonDir = common === null ? gitDir : path.resolve(gitDir, common);
  for (const dir of [gitDir, commonDir]) {
    const loose = readText(path.join(dir, ref));
    if (loose !== null && /^[0-9a-f]{40}$/.test(loose)) return loose;
  }
  const packed = readText(path.join(commonDir, 'packed-refs')) ?? '';
  for (const line of packed.split('\n')) {
    const [hash, name] = line.split(' ');
    if (name === ref && hash !== undefined && /^[0-9a-f]{40}$/.test(hash)) return hash;
  }
  return null;
}

/** The running build's version and commit (`unknown` for what cannot be read). */
export function readBuildInfo(from: string = path.dirname(fileURLToPath(import.meta.url))): BuildInfo {
  const root = packageRoot(from);
  if (root === null) return { version: 'unknown', commit: 'unknown' };
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    version?: unknown;
    gitHead?: unknown;
  };
  const version = typeof pkg.version === 'string' ? pkg.version : 'unknown';
  const commit = typeof pkg.gitHead === 'string' ? pkg.gitHead : (gitHead(root) ?? 'unknown');
  return { version, commit };
}
