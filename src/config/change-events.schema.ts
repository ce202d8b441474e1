/**
 * How a connection learns that a deal closed (docs/change-events.md): `polling` (search on the
 * orders schedule; the only choice for a service key), `push` (HubSpot posts signed webhooks to
 * `/hooks/hubspot`), `pull` (the connector polls a project app's webhooks journal). Polling stays
 * on in every mode as the safety net. Plus the process-wide webhook listener.
 */
import { z } from 'zod';
import { secretRefSchema } from './secret-ref.js';

export const changeEventsSchema = z
  .strictObject({
    mode: z
      .enum(['polling', 'push', 'pull'])
      .default('polling')
      .describe(
        '`polling` (search only), `push` (signed webhooks to /hooks/hubspot) or `pull` (poll the webhooks journal of a project app). Polling stays on as the safety net in every mode.',
      ),
    webhookSecret: secretRefSchema
      .optional()
      .describe(
        "push: the app's client secret that signs webhooks (X-HubSpot-Signature-v3): `vault:hubspot.webhookSecret` (stored by `connect change-events --mode push`) or `env:NAME`.",
      ),
    appClientId: z.string().min(1).optional().describe("pull: the project app's client id."),
    appClientSecret: secretRefSchema
      .optional()
      .describe(
        "pull: the project app's client secret: `vault:hubspot.appClientSecret` (stored by `connect change-events --mode pull`) or `env:NAME`.",
      ),
    journalPollMs: z
      .number()
      .int()
      .min(500)
      .default(3_000)
      .describe('pull: how often the webhooks journal is read (ms).'),
  })
  .superRefine((c, ctx) => {
    if (c.mode === 'push' && c.webhookSecret === undefined)
      ctx.addIssue({ code: 'custom', path: ['webhookSecret'], message: 'is required when mode is push' });
    if (c.mode === 'pull' && c.appClientId === undefined)
      ctx.addIssue({ code: 'custom', path: ['appClientId'], message: 'is required when mode is pull' });
    if (c.mode === 'pull' && c.appClientSecret === undefined)
      ctx.addIssue({ code: 'custom', path: ['appClientSecret'], message: 'is required when mode is pull' });
  })
  .describe('How this connection hears about deal changes (docs/change-events.md).');

export const hooksSchema = z
  .strictObject({
    onDashboard: z
      .boolean()
      .default(false)
      .describe("Serve /hooks/hubspot on the dashboard's listener instead of a listener of its own."),
    port: z
      .number()
      .int()
      .min(0)
      .max(65535)
      .default(8788)
      .describe('TCP port of the webhook listener (0 = any).'),
    host: z.string().min(1).default('127.0.0.1').describe('Bind address of the webhook listener.'),
    publicUrl: z
      .string()
      .url()
      .optional()
      .describe(
        'The URL HubSpot posts to (the signature covers it), e.g. https://hooks.example.com/hooks/hubspot when a proxy terminates TLS; default: built from the request.',
      ),
  })
  .describe('The listener of HubSpot webhooks (`run`, connections in push mode).');

export type ChangeEventsConfig = z.infer<typeof changeEventsSchema>;
export type HooksConfig = z.infer<typeof hooksSchema>;
