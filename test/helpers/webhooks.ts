/**
 * Points the HubSpot sandbox's webhook deliveries at a receiver, as the change-event tests set it
 * up: deal stage changes (plus any `extra` subscriptions), signed with `clientSecret`, quick
 * retries and a short batch window so a test sees deliveries within a second.
 */
export async function pointWebhooksAt(
  hubspotUrl: string,
  targetUrl: string,
  clientSecret: string,
  extra: { subscriptionType: string; propertyName: string }[] = [],
): Promise<void> {
  const res = await fetch(`${hubspotUrl}/_sandbox/webhooks`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      targetUrl,
      clientSecret,
      retryBaseMs: 300,
      batchWindowMs: 50,
      subscriptions: [{ subscriptionType: 'deal.propertyChange', propertyName: 'dealstage' }, ...extra],
    }),
  });
  if (!res.ok) throw new Error(`POST /_sandbox/webhooks: ${res.status} ${await res.text()}`);
}
