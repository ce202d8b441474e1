/**
 * Child process hosting both sandboxes for a benchmark, so the vendors' CPU is not charged to the
 * connector's event loop (the real HubSpot and QAD are remote). Options arrive as JSON in argv[2];
 * the addresses go back over IPC; the child exits when the parent disconnects.
 */
import { startHubSpotSandbox } from '../sandbox/hubspot/index.js';
import { startQadSandbox } from '../sandbox/qad/index.js';

/** What the parent passes in argv[2]. */
export interface SandboxChildOptions {
  seed: number;
  accounts: number;
  items: number;
  /** Generated QAD sales orders (default 0). */
  orders?: number;
  /** HubSpot burst window (ms) and burst; a huge burst turns the limit off. */
  windowMs: number;
  burst: number;
  searchWindowMs: number;
  searchPerSecond: number;
}

/** What the child sends back once both listen. */
export interface SandboxChildReady {
  hubspot: { url: string; token: string; portalId: number };
  qad: { url: string; origin: string; clientId: string; username: string; password: string };
}

async function main(): Promise<void> {
  const o = JSON.parse(process.argv[2] ?? '{}') as SandboxChildOptions;
  const hs = await startHubSpotSandbox({
    tier: 'professional',
    rateLimit: {
      windowMs: o.windowMs,
      burst: o.burst,
      searchWindowMs: o.searchWindowMs,
      searchPerSecond: o.searchPerSecond,
      dailyLimit: 100_000_000,
    },
  });
  const qad = await startQadSandbox({
    seed: o.seed,
    accounts: o.accounts,
    items: o.items,
    orders: o.orders ?? 0,
  });
  const ready: SandboxChildReady = {
    hubspot: { url: hs.url, token: hs.token, portalId: hs.portalId },
    qad: {
      url: qad.url,
      origin: qad.origin,
      clientId: qad.clientId,
      username: qad.username,
      password: qad.password,
    },
  };
  process.send?.(ready);
  process.on('disconnect', () => {
    void Promise.all([hs.close(), qad.close()]).finally(() => process.exit(0));
  });
}

void main();
