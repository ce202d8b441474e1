/**
 * The one schema of ml-connector.yaml (strict: unknown keys are errors; defaults applied).
 * Docs are generated from it, so every field carries a `.describe()`.
 */
import { z } from 'zod';
import { changeEventsSchema, hooksSchema } from './change-events.schema.js';
import { flowsSchema, massChangeSchema } from './flows.schema.js';
import { secretRefSchema } from './secret-ref.js';
import { storeSchema } from './store-setting.js';
import { isLoopbackHost, serviceUrlSchema } from './url.js';

export const CONNECTION_NAME_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;

export const hubspotSchema = z
  .strictObject({
    hubId: z
      .number({ error: 'must be a positive integer' })
      .int({ error: 'must be a positive integer' })
      .positive({ error: 'must be a positive integer' })
      .describe('HubSpot portal (Hub) id the token must belong to.'),
    token: secretRefSchema.describe('Service key or private-app token: `vault:hubspot.token` or `env:NAME`.'),
    apiVersion: z.enum(['2026-03', '2026-09', 'v3']).default('2026-03').describe('CRM API version.'),
    changeEvents: changeEventsSchema.prefault({}),
    baseUrl: serviceUrlSchema
      .default('https://api.hubapi.com')
      .describe('API origin (http only on loopback).'),
    tier: z
      .enum(['starter', 'professional', 'enterprise', 'limit-increase', 'custom'])
      .default('professional')
      .describe('Subscription tier: seeds the rate limits.'),
    rateLimit: z
      .strictObject({
        burstPer10s: z
          .number()
          .int()
          .positive()
          .optional()
          .describe('Requests per rolling window (10 s unless `windowMs` is set).'),
        windowMs: z
          .number()
          .int()
          .positive()
          .optional()
          .describe(
            'Length of the burst window; HubSpot uses 10000. Shorter only to compress time (benchmarks).',
          ),
        searchPerSecond: z
          .number()
          .int()
          .positive()
          .optional()
          .describe('Search requests per search window (1 s unless `searchWindowMs` is set).'),
        searchWindowMs: z
          .number()
          .int()
          .positive()
          .optional()
          .describe('Length of the search window; HubSpot uses 1000.'),
        maxConcurrent: z
          .number()
          .int()
          .positive()
          .optional()
          .describe(
            'HubSpot requests in flight at once (default 4); raise it when latency, not the limit, caps throughput.',
          ),
        dailyLimit: z.number().int().positive().optional().describe('Requests per portal day.'),
        safetyMargin: z
          .number()
          .gt(0)
          .max(1)
          .optional()
          .describe('Fraction of each limit the connector may use.'),
      })
      .optional()
      .describe('Overrides of the tier limits.'),
  })
  .describe('The HubSpot side of a connection.');

const qxtendSchema = z
  .strictObject({
    url: serviceUrlSchema.describe('QdocWebService endpoint.'),
    receiver: z.string().min(1).describe('QXtend receiver, e.g. QADERP.'),
    version: z.string().min(1).default('eB_2').describe('Document version, e.g. eB_2.'),
    domain: z.string().min(1).optional().describe('QAD domain for QXtend; defaults to qad.domain.'),
  })
  .describe('QXtend inbound settings (on-premise order channel).');

export const qadSchema = z
  .strictObject({
    baseUrl: serviceUrlSchema.describe('Tenant base URL, e.g. https://acme.qad.com/clouderp.'),
    clientId: z.string().min(1).describe('OAuth client id of the tenant.'),
    username: z.string().min(1).describe('Integration user.'),
    password: secretRefSchema.describe('Password: `vault:qad.password` or `env:NAME`.'),
    auth: z.enum(['oauth', 'basic']).default('oauth').describe('OAuth password grant or HTTP basic.'),
    domain: z.string().min(1).describe('QAD domain, e.g. 10USA.'),
    entity: z.string().min(1).describe('QAD entity, e.g. 10USACO.'),
    sharedSet: z.string().optional().describe('Shared set namespace for keys.'),
    workspaceId: z.string().optional().describe('Workspace id, e.g. 10USA_10USACO.'),
    browses: z
      .strictObject({
        customers: z
          .string()
          .min(1)
          .optional()
          .describe('Customer browse id (urn:browse:…); omit for the default.'),
        suppliers: z.string().min(1).optional().describe('Supplier browse id; omit for the default.'),
        businessRelations: z
          .string()
          .min(1)
          .optional()
          .describe('Business-relation browse id; omit for the default.'),
        contacts: z.string().min(1).optional().describe('Contact browse id; omit for the default.'),
        items: z.string().min(1).optional().describe('Item browse id; omit for the default.'),
        salesOrders: z
          .string()
          .min(1)
          .optional()
          .describe('Sales-order browse id, used to find orders by PO; omit for the default.'),
        salesOrderHeaders: z
          .string()
          .min(1)
          .optional()
          .describe(
            'Sales-order browse id the `qad-orders` flow reads (header, life status); omit for the default.',
          ),
        salesOrderLines: z
          .string()
          .min(1)
          .optional()
          .describe(
            'Sales-order line browse id the `qad-orders` flow reads; omit for the default (a placeholder id).',
          ),
      })
      .optional()
      .describe('Browse ids overriding the defaults (urn:browse:…).'),
    orders: z
      .strictObject({
        channel: z.enum(['rest', 'qxtend']).default('rest').describe('How sales orders are created.'),
        orderNumberPrefix: z.string().max(4).default('HS').describe('Prefix of derived order numbers.'),
        site: z.string().min(1).optional().describe('Default site of order lines.'),
      })
      .prefault({})
      .describe('Sales order settings.'),
    qxtend: qxtendSchema.optional(),
  })
  .superRefine((qad, ctx) => {
    if (qad.orders.channel === 'qxtend' && qad.qxtend === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['qxtend'],
        message: 'is required when orders.channel is qxtend',
      });
    }
  })
  .describe('The QAD side of a connection.');

export const connectionSchema = z
  .strictObject({
    name: z
      .string()
      .regex(CONNECTION_NAME_PATTERN, { error: 'must match ^[a-z0-9][a-z0-9-]{0,62}$' })
      .describe('Tenant name: lower-case letters, digits and dashes.'),
    hubspot: hubspotSchema,
    qad: qadSchema,
    flows: flowsSchema,
    massChange: massChangeSchema.prefault({}),
  })
  .describe('One tenant: a QAD side, a HubSpot side and its flows.');

const dashboardSchema = z
  .strictObject({
    port: z.number().int().min(0).max(65535).default(8787).describe('TCP port (0 = any).'),
    host: z
      .string()
      .min(1)
      .default('127.0.0.1')
      .describe(
        'Bind address. Anything but loopback (127.0.0.1, ::1, localhost) needs `tls` or `allowInsecureBind: true`.',
      ),
    token: secretRefSchema
      .optional()
      .describe(
        'The dashboard token (form login and `Authorization: Bearer`): `vault:dashboard.token` (see `init --dashboard-token`) or `env:NAME`; at least 32 characters of random text.',
      ),
    metricsToken: secretRefSchema
      .optional()
      .describe(
        'A read-only token for Prometheus (`Authorization: Bearer`): reads `/metrics` and nothing else, so the scraper never holds the dashboard token, which can replay. `env:NAME` or `vault:NAME` (see `init --metrics-token`); at least 32 characters of random text, different from `token`.',
      ),
    tls: z
      .strictObject({
        cert: z.string().min(1).describe('PEM certificate chain file (relative to the config file).'),
        key: z.string().min(1).describe('PEM private key file (relative to the config file).'),
      })
      .optional()
      .describe('Serve the dashboard over HTTPS with this certificate and key.'),
    allowInsecureBind: z
      .boolean()
      .default(false)
      .describe(
        'Accept plain HTTP on a non-loopback `host` (e.g. behind a TLS-terminating proxy on a private network).',
      ),
  })
  .superRefine((dashboard, ctx) => {
    if (isLoopbackHost(dashboard.host) || dashboard.tls !== undefined || dashboard.allowInsecureBind) return;
    ctx.addIssue({
      code: 'custom',
      path: ['host'],
      message: `${dashboard.host} is not a loopback address and the dashboard would serve its token and sessions over plain HTTP: set dashboard.tls (cert and key files) to serve HTTPS, or allowInsecureBind: true to accept plain HTTP`,
    });
  })
  .describe('The status dashboard of `ml-connector run`.');

export const appConfigSchema = z
  .strictObject({
    store: storeSchema,
    keyFile: z
      .string()
      .min(1)
      .default('./.ml-connector/master.key')
      .describe('Master key file (mode 0600); ML_CONNECTOR_MASTER_KEY overrides.'),
    log: z
      .strictObject({
        level: z.enum(['trace', 'debug', 'info', 'warn', 'error']).default('info').describe('Log level.'),
      })
      .prefault({})
      .describe('Logging.'),
    http: z
      .strictObject({
        timeoutMs: z.number().int().positive().default(30_000).describe('Per-request timeout (ms).'),
        maxRetries: z.number().int().min(0).default(5).describe('Retries of a retryable request.'),
        maxResponseBytes: z
          .number()
          .int()
          .min(1024)
          .default(64 * 1024 * 1024)
          .describe(
            'Largest response body read from HubSpot or QAD, in bytes (default 64 MiB); a larger one aborts the request with HTTP_BODY_TOO_LARGE.',
          ),
      })
      .prefault({})
      .describe('Outbound HTTP.'),
    dashboard: dashboardSchema.optional(),
    hooks: hooksSchema.optional(),
    connections: z.array(connectionSchema).default([]).describe('Tenants.'),
  })
  .superRefine((config, ctx) => {
    const seen = new Map<string, number>();
    config.connections.forEach((connection, index) => {
      const first = seen.get(connection.name);
      if (first === undefined) seen.set(connection.name, index);
      else
        ctx.addIssue({
          code: 'custom',
          path: ['connections', index, 'name'],
          message: `must be unique ("${connection.name}" is also connections[${first}].name)`,
        });
    });
  })
  .describe('ml-connector.yaml');

/** The config file as validated, defaults applied: `store` may still be `{ url, password }`. */
export type AppConfigFile = z.infer<typeof appConfigSchema>;
/** The loaded config: `store` resolved to the one location to open (a path or a full postgres:// URL). */
export type AppConfig = Omit<AppConfigFile, 'store'> & { store: string };
export type ConnectionConfig = z.infer<typeof connectionSchema>;
export type HubSpotConfig = z.infer<typeof hubspotSchema>;
export type QadConfig = z.infer<typeof qadSchema>;
export type { FlowConfig, FlowsConfig, MappingOverride, Schedule } from './flows.schema.js';
export type {
  AccountsFlowConfig,
  CatalogFlowConfig,
  ContactsFlowConfig,
  MappingOverrides,
  OrdersFlowConfig,
} from './flows.schema.js';
