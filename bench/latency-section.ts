/** Figure 6 of the report: deal-to-order latency per mode and the idle cost of each mode. */
import type { LatencyBenchResult } from './latency-modes.js';
import { quantile } from './latency.js';
import { info, target, type Figure, type Section } from './report.js';

const s = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
const n = (x: number): string => Math.round(x).toLocaleString('en-US');
const perHour = (x: number): string => `${n(x)} / h`;
const routes = (byRoute: Record<string, number>): string =>
  Object.entries(byRoute)
    .map(([route, count]) => `${count}× ${route}`)
    .join(', ') || 'none';

function figures(r: LatencyBenchResult): Figure[] {
  const d = `[${r.dialect}]`;
  const poll = r.polling;
  const pollP95 = quantile(poll.latenciesMs, 0.95);
  const pollTarget = r.cadenceMs + r.safetyLagMs + 5_000;
  const pushNetP95 = quantile(r.push.netOfQadMs, 0.95);
  const pullP95 = quantile(r.pull.latenciesMs, 0.95);
  const pullTarget = r.journalPollMs + 5_000;
  const safetyNet = r.idle.polling.ownPerHour;
  return [
    target(
      `deals that got exactly one QAD order, all modes ${d}`,
      `${n(r.exactlyOnce.ok)} of ${n(r.exactlyOnce.deals)}`,
      'all',
      r.exactlyOnce.ok === r.exactlyOnce.deals,
    ),
    info(
      `polling: deals closed / ordered ${d}`,
      `${n(poll.deals)} / ${n(poll.ordered)} (${n(poll.polls)} polls)`,
    ),
    info(`polling: latency p50 ${d}`, s(quantile(poll.latenciesMs, 0.5))),
    target(
      `polling: latency p95 ${d}`,
      s(pollP95),
      `≤ poll ${s(r.cadenceMs)} + safety lag ${s(r.safetyLagMs)} + 5 s = ${s(pollTarget)}`,
      poll.ordered === poll.deals && pollP95 <= pollTarget,
    ),
    info(`push: deals closed / ordered ${d}`, `${n(r.push.deals)} / ${n(r.push.ordered)}`),
    info(`push: latency p50 ${d}`, s(quantile(r.push.latenciesMs, 0.5))),
    target(
      `push: latency p95 ${d}`,
      `${s(quantile(r.push.latenciesMs, 0.95))} (QAD's own time p95 ${s(quantile(r.push.qadMs, 0.95))}; ` +
        `latency net of it p95 ${s(pushNetP95)})`,
      "≤ 5 s + QAD's own time",
      r.push.ordered === r.push.deals && pushNetP95 <= 5_000,
    ),
    info(`pull: deals closed / ordered ${d}`, `${n(r.pull.deals)} / ${n(r.pull.ordered)}`),
    info(`pull: latency p50 ${d}`, s(quantile(r.pull.latenciesMs, 0.5))),
    target(
      `pull: latency p95 ${d}`,
      s(pullP95),
      `≤ journal poll ${s(r.journalPollMs)} + 5 s = ${s(pullTarget)}`,
      r.pull.ordered === r.pull.deals && pullP95 <= pullTarget,
    ),
    info(
      `idle HubSpot calls per hour, polling every ${s(r.cadenceMs)} ${d}`,
      `${perHour(safetyNet)} (${n(r.idle.polling.measuredCalls)} in ${n(r.idle.polling.measuredMs / r.cadenceMs)} ` +
        `idle polls: ${routes(r.idle.polling.byRoute)})`,
    ),
    info(
      `idle HubSpot calls per hour, push ${d}`,
      `${perHour(r.idle.push.ownPerHour)} of its own (${n(r.idle.push.measuredCalls)} in ${s(r.idle.push.measuredMs)}) ` +
        `+ the polling safety net: ${perHour(r.idle.push.ownPerHour + safetyNet)}`,
    ),
    info(
      `idle HubSpot calls per hour, pull ${d}`,
      `${perHour(r.idle.pull.ownPerHour)} of its own (${n(r.idle.pull.measuredCalls)} in ${s(r.idle.pull.measuredMs)}: ` +
        `${routes(r.idle.pull.byRoute)}) + the polling safety net: ${perHour(r.idle.pull.ownPerHour + safetyNet)}`,
    ),
  ];
}

/** The section, one block of figures per measured store. */
export function latencySection(results: LatencyBenchResult[]): Section {
  const r = results[0];
  const cadence = r === undefined ? '' : ` (${r.cadenceMs / 1000} s poll)`;
  return {
    title: `6. Deal-to-order latency per mode${cadence}`,
    figures: results.flatMap(figures),
    notes:
      r === undefined
        ? []
        : [
            'Latency = deal moved to closed-won → orders link committed (the order exists in QAD, read back, and its ' +
              'number is on the deal). One sandbox pair, one store and one connection, re-opened in each mode. ' +
              `HubSpot's search index is modelled throughout: each write becomes searchable after a random 0–${r.jitterMs / 1000} s ` +
              '(sandbox/hubspot/vendor-facts.md, "Search").',
            `Polling: ${r.polling.deals} deals close at stratified random moments over ${r.polling.spanMs / 1000} s while ` +
              `the orders flow polls every ${r.cadenceMs / 1000} s with the default safety lag of ${r.safetyLagMs / 1000} s ` +
              '(docs/change-events.md, "The safety lag"; it was 60 s). Virtual time: the connector\'s and the sandbox\'s ' +
              'clocks jump together over the idle time between events and run in real time during each pass, so every ' +
              'search, QAD order and write-back is real.',
            `Push and pull run in real time, as webhooks and journal reads do: ${r.push.deals} deals per mode close at ` +
              `stratified random moments over ${r.eventSpanMs / 1000} s. Push: the HubSpot sandbox posts signed batches ` +
              "(its default 100 ms batch window) to the connector's receiver (`/hooks/hubspot`), which runs the orders " +
              `flow for those deals, read by id. Pull: the connector reads the webhooks journal every ${r.journalPollMs / 1000} s. ` +
              "QAD's own time is, per deal, the time from the order's `submitted` stage to QAD's read-back confirming " +
              'it; the push target is checked on latency minus that time. The polling safety net is not running during ' +
              'these two measurements (a real deployment keeps it on; it only finds deals sooner or not at all).',
            'Idle calls per hour: polling is measured over idle polls at the cadence in virtual time (after the five-minute ' +
              'overlap has passed the last write-back), then scaled to an hour; push and pull are measured over ' +
              `${r.idle.push.measuredMs / 1000} s of real idle time after start-up (token, journal subscription and first read ` +
              'excluded), then scaled. Push and pull keep the polling safety net, so their total adds the polling figure; ' +
              'its interval is the orders schedule, which a push or pull connection can lengthen. Not in the window: pull ' +
              "renews its client-credentials token a minute before it expires (the sandbox's token lives 30 minutes: " +
              'about 2 more calls per hour).',
          ],
  };
}
