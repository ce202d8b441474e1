/**
 * The QXtend Inbound endpoint: SOAP Faults for problems before processing, a connection pool
 * that queues extra requests, an optional processing delay, and a silent no-op mode.
 */
import type { TokenService, SandboxClock } from './auth.js';
import { xml, type Reply } from './http-util.js';
import { Pool } from './pool.js';
import { processSalesOrders } from './qxtend-process.js';
import { parseQxtendRequest } from './qxtend-request.js';
import { qdocResponse, soapFault } from './qxtend-response.js';
import type { TenantStore } from './store.js';

/** Runtime QXtend settings (changed through `POST /_sandbox/qxtend`). */
export interface QxtendSettings {
  silentNoOp: boolean;
  processingDelayMs: number;
  receivers: string[];
}

/** One tenant's QXtend service. */
export class QxtendService {
  readonly pool: Pool;

  constructor(
    private readonly store: TenantStore,
    private readonly tokens: TokenService,
    private readonly clock: SandboxClock,
    readonly settings: QxtendSettings,
    poolSize: number,
  ) {
    this.pool = new Pool(poolSize);
  }

  /** Current settings plus the pool size. */
  describe(): Record<string, unknown> {
    return { ...this.settings, poolSize: this.pool.size, queued: this.pool.queued };
  }

  /** Handles one SOAP request body. */
  async handle(body: string): Promise<Reply> {
    const parsed = parseQxtendRequest(body);
    if ('fault' in parsed) return xml(500, soapFault(parsed.fault.code, parsed.fault.message));
    if (!this.settings.receivers.includes(parsed.receiver)) {
      return xml(500, soapFault('Client', `Receiver ${parsed.receiver || '(none)'} is not configured`));
    }
    if (parsed.qdoc !== 'maintainSalesOrder')
      return xml(
        500,
        soapFault('Client', `No API ${parsed.qdoc} is available for receiver ${parsed.receiver}`),
      );
    if ((parsed.session.get('version') ?? '') === '')
      return xml(500, soapFault('Client', 'Session context parameter version is mandatory'));
    const username = parsed.session.get('username');
    let user = 'qxtend';
    if (username !== undefined && username !== '') {
      const found = this.tokens.checkPassword(username, parsed.session.get('password') ?? '');
      if (!found || !found.canWrite) return xml(500, soapFault('Client', 'Authentication failed'));
      user = found.username;
    }
    return this.pool.run(async () => {
      if (this.settings.processingDelayMs > 0)
        await new Promise((resolve) => setTimeout(resolve, this.settings.processingDelayMs));
      const nowMs = this.clock.nowMs();
      const outcome = this.settings.silentNoOp
        ? { result: 'success' as const, messages: [], keys: [] }
        : processSalesOrders(this.store, parsed.salesOrders, parsed.session, { nowMs, user });
      const relatesTo = parsed.messageId || `urn:services-qad-com::${parsed.receiver}`;
      return xml(
        200,
        qdocResponse(parsed.qdoc, outcome, parsed.session, {
          relatesTo,
          suppressResponseDetail: parsed.suppressResponseDetail,
          nowMs,
        }),
      );
    });
  }
}
