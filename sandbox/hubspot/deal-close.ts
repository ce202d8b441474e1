/**
 * What HubSpot records when a deal changes stage through any write path (create, update, batch,
 * upsert, and the control API's stage move): the stage-entry and stage-exit stamps, and the close
 * date when the deal enters a closed stage without one (see README.md, "Deal stages", for sources).
 */
import type { Stage } from './pipelines.js';
import type { PortalState } from './state.js';

/** Stage stamp property names (`hs_date_entered_closedwon`). */
export const stageEnteredProperty = (stageId: string): string => `hs_date_entered_${stageId}`;
export const stageExitedProperty = (stageId: string): string => `hs_date_exited_${stageId}`;

function stageOf(state: PortalState, props: Readonly<Record<string, string>> | undefined): Stage | undefined {
  const stageId = props?.['dealstage'];
  if (!props || !stageId) return undefined;
  return state.pipelines.stage(props['pipeline'] || 'default', stageId);
}

const isClosed = (s: Stage): boolean => s.metadata.isClosed === 'true';
const isWon = (s: Stage): boolean => isClosed(s) && Number(s.metadata.probability) === 1;

/**
 * Stamps a stage change into `props` (the deal after the write): `hs_date_entered_<new>`,
 * `hs_date_exited_<old>`, and `closedate` = now when the deal enters a closed stage from an open
 * one or moves between won and lost, unless the write itself named `closedate`. Nothing happens
 * when the stage did not change (closed-won → another closed-won keeps its close date).
 */
export function stampStageChange(
  state: PortalState,
  before: Readonly<Record<string, string>> | undefined,
  props: Record<string, string>,
  written: Readonly<Record<string, string>>,
  nowMs: number,
): void {
  const next = stageOf(state, props);
  const prev = stageOf(state, before);
  if (!next || (prev && prev.id === next.id && before?.['pipeline'] === props['pipeline'])) return;
  const iso = new Date(nowMs).toISOString();
  props[stageEnteredProperty(next.id)] = iso;
  if (prev) props[stageExitedProperty(prev.id)] = iso;
  const entersClosed = isClosed(next) && (!prev || !isClosed(prev) || isWon(prev) !== isWon(next));
  if (entersClosed && !('closedate' in written)) props['closedate'] = iso;
}
