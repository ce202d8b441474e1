/** Pipelines API, read side (vendor-facts.md: "Pipelines and closed-won"). */
import { notFound } from './errors.js';
import { typeParam } from './lookup.js';
import type { RequestContext, RouteDef } from './router.js';
import type { Pipeline } from './pipelines.js';

function pipelinesOf(ctx: RequestContext): Pipeline[] {
  const type = typeParam(ctx);
  return type === 'deals' || type === 'orders' ? ctx.state.pipelines.list(type) : [];
}

function pipeline(ctx: RequestContext): Pipeline {
  const id = ctx.params['pipelineId'] ?? '';
  const p = pipelinesOf(ctx).find((x) => x.id === id);
  if (!p) throw notFound(`Unable to find pipeline ${id}`);
  return p;
}

/** Deals: either deal scope; orders: the orders read scope (ASSUMED); others: deals' (they have no pipelines). */
const scopes = (ctx: RequestContext) =>
  typeParam(ctx) === 'orders'
    ? ['crm.objects.orders.read']
    : ['crm.objects.deals.read', 'crm.schemas.deals.read'];
const BASE = '/crm/pipelines/{objectType}';

/** Routes of the Pipelines API. */
export const pipelineRoutes: RouteDef[] = [
  {
    method: 'GET',
    template: BASE,
    kind: 'read',
    scopes,
    handler: (ctx) => ({ status: 200, body: { results: pipelinesOf(ctx) } }),
  },
  {
    method: 'GET',
    template: `${BASE}/{pipelineId}`,
    kind: 'read',
    scopes,
    handler: (ctx) => ({ status: 200, body: pipeline(ctx) }),
  },
  {
    method: 'GET',
    template: `${BASE}/{pipelineId}/stages`,
    kind: 'read',
    scopes,
    handler: (ctx) => ({ status: 200, body: { results: pipeline(ctx).stages } }),
  },
  {
    method: 'GET',
    template: `${BASE}/{pipelineId}/stages/{stageId}`,
    kind: 'read',
    scopes,
    handler: (ctx) => {
      const s = pipeline(ctx).stages.find((x) => x.id === ctx.params['stageId']);
      if (!s) throw notFound(`Unable to find stage ${ctx.params['stageId'] ?? ''}`);
      return { status: 200, body: s };
    },
  },
];
