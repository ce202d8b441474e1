/** The dashboard's public surface: `startDashboard` and the types of its injected dependencies. */
export { startDashboard, MIN_TOKEN_LENGTH } from './dashboard.js';
export { escapeHtml, html } from './html.js';
export { ConnectorMetrics, METRICS_CONTENT_TYPE } from './metrics.js';
export type {
  DashboardHandle,
  DashboardLogger,
  DashboardOptions,
  RateBudgetSnapshot,
  ReplayRequest,
  ReplayResult,
  ScheduleEntry,
} from './types.js';
export {
  dashboardOptionsFromApp,
  rateBudgetFromLimiter,
  rateBudgetsFromRuntimes,
  scheduleFromScheduler,
  startRunDashboard,
} from './from-app.js';
