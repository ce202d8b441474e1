/** Scale-out on PostgreSQL with pg-boss: `run --role scheduler|worker|all` (see docs/deploy.md). */
export { startScaleRole, scheduledFlows, type ScaleRoleHandle } from './roles.js';
export {
  parseRole,
  resolveQueueSettings,
  usesQueue,
  SCALE_ROLES,
  type QueueSettings,
  type ScaleRole,
} from './settings.js';
export { openPassQueue, PASS_QUEUE, type PassJobData, type PassQueue } from './queue.js';
export { handoverWaitMs } from './handover.js';
export { startQueueScheduler } from './scheduler-role.js';
export { startQueueWorker } from './worker-role.js';
