/**
 * Pull mode: reads a project app's webhooks journal every `pollMs` with its own cursor in the
 * ledger, stores the deal entries in the change-event inbox and kicks an orders run. The journal
 * subscription (deal `dealstage` updates) is made sure of at start. An expired offset (the journal
 * keeps three days) restarts at the journal's end and is logged: the polling safety net covers the gap.
 */
import type { JournalClient } from '../connectors/hubspot/index.js';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import type { ChangeEventInput, Store } from '../core/store-port.js';

const DEAL_TYPE_ID = '0-3';

export interface JournalPollerDeps {
  connection: string;
  journal: JournalClient;
  store: Pick<Store, 'addChangeEvents' | 'getChangeCursor' | 'setChangeCursor'>;
  clock: Clock;
  logger: Logger;
  pollMs: number;
  onEvents(connection: string): void;
}

/** Reads everything the journal holds after the stored cursor once; answers how many events were new. */
export async function pollJournalOnce(deps: JournalPollerDeps): Promise<number> {
  let added = 0;
  for (;;) {
    const cursor = await deps.store.getChangeCursor(deps.connection, 'journal');
    const read = await deps.journal.read(cursor);
    if (read.kind === 'empty') return added;
    if (read.kind === 'gone') {
      const latest = await deps.journal.latestOffset();
      deps.logger.warn(
        { event: 'changes.journal_gap', connection: deps.connection, offset: cursor, restartAt: latest },
        'journal offset expired: restarting at the journal end (polling covers the gap)',
      );
      if (latest === null) return added;
      await deps.store.setChangeCursor(deps.connection, 'journal', latest);
      return added;
    }
    const nowMs = deps.clock.nowMs();
    const events: ChangeEventInput[] = read.entries
      .filter((e) => e.objectTypeId === DEAL_TYPE_ID)
      .map((e) => ({
        connection: deps.connection,
        eventId: `journal:${e.offset}`,
        source: 'journal',
        objectType: 'deals',
        objectId: String(e.objectId),
        occurredAtMs: typeof e.occurredAt === 'number' ? e.occurredAt : nowMs,
        receivedAtMs: nowMs,
      }));
    // Stored before the cursor moves: a crash in between re-reads entries the inbox de-duplicates.
    const n = await deps.store.addChangeEvents(events);
    await deps.store.setChangeCursor(deps.connection, 'journal', read.offset);
    added += n;
    if (n > 0) deps.onEvents(deps.connection);
    if (!read.hasMore) return added;
  }
}

/** Starts the poll loop; `stop` resolves when the current read finished. */
export function startJournalPoller(deps: JournalPollerDeps): { stop(): Promise<void> } {
  const stopping = new AbortController();
  const loop = (async () => {
    let subscribed = false;
    while (!stopping.signal.aborted) {
      try {
        if (!subscribed) {
          const r = await deps.journal.ensureDealStageSubscription();
          subscribed = true;
          deps.logger.info(
            { event: 'changes.journal_subscription', connection: deps.connection, subscription: r },
            `journal subscription ${r}`,
          );
        }
        await pollJournalOnce(deps);
      } catch (e) {
        deps.logger.warn(
          {
            event: 'changes.journal_failed',
            connection: deps.connection,
            err: e instanceof Error ? e.message : String(e),
          },
          'journal read failed; trying again next interval',
        );
      }
      await deps.clock.sleep(deps.pollMs, stopping.signal).catch(() => undefined);
    }
  })();
  return {
    stop: async () => {
      stopping.abort();
      await loop;
    },
  };
}
