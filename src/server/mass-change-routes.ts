/**
 * The dashboard's side of the mass-change guard: GET /mass-changes lists holds; POST
 * /mass-changes/confirm (session CSRF token and our Origin, checked by the caller like every
 * POST, plus an explicit "understood" box) confirms one waiting hold, recording who — the client
 * address, never a session id — and redirects back to the page, which shows only stored state.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Caller } from './auth.js';
import type { ServerState } from './dashboard.js';
import { BadRequest, clientAddress, redirect, sendHtml } from './http-util.js';
import { massChangesPage } from './pages/mass-changes.js';

export const MASS_CHANGES_PATH = '/mass-changes';
export const CONFIRM_MASS_CHANGE_PATH = '/mass-changes/confirm';

/** GET /mass-changes. */
export async function massChangesResponse(
  state: ServerState,
  caller: Caller,
  res: ServerResponse,
): Promise<void> {
  const holds = await state.opts.store.listMassChangeHolds({ limit: 100 });
  const csrfToken = caller.kind === 'session' ? caller.session.csrfToken : '';
  sendHtml(res, 200, massChangesPage(holds, csrfToken));
}

/** POST /mass-changes/confirm from the page's form (CSRF already checked). */
export async function confirmMassChangeFromForm(
  state: ServerState,
  caller: Caller,
  req: IncomingMessage,
  res: ServerResponse,
  body: Record<string, unknown>,
): Promise<void> {
  const id = typeof body['id'] === 'string' ? body['id'] : '';
  if (!/^[0-9a-f-]{36}$/.test(id)) throw new BadRequest(400, 'id: not a hold id');
  if (body['understood'] !== 'yes') throw new BadRequest(400, 'understood: tick the box to confirm');
  const by = `dashboard${caller.kind === 'bearer' ? '-api' : ''}:${clientAddress(req)}`;
  const confirmed = await state.opts.store.confirmMassChangeHold(id, by, state.opts.clock.nowMs());
  if (confirmed === null)
    throw new BadRequest(409, 'this hold is no longer waiting (confirmed, used or superseded)');
  state.opts.logger.warn(
    {
      event: 'mass_change.confirmation.recorded',
      connection: confirmed.connection,
      flow: confirmed.flow,
      holdId: confirmed.id,
      by,
      ...confirmed.tally,
    },
    `${confirmed.connection}/${confirmed.flow}: mass change confirmed on the dashboard`,
  );
  redirect(res, MASS_CHANGES_PATH);
}
