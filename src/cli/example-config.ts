/**
 * The commented ml-connector.yaml that `init` writes: valid as is, secrets by reference only.
 * `today` (YYYY-MM-DD) becomes the orders cutoff, so deals closed before setup never become orders.
 */
export const exampleConfig = (
  today: string,
): string => `# ml-connector configuration. Validate with: ml-connector config check
# Secrets are never written here: use env:NAME (an environment variable) or vault:NAME
# (stored encrypted by \`ml-connector connect hubspot|qad\`).

# State store: a SQLite file (relative to this file) or a postgres:// URL.
store: ./ml-connector.db

# Master key file for the vault (mode 0600). ML_CONNECTOR_MASTER_KEY overrides it.
keyFile: ./.ml-connector/master.key

log:
  level: info # trace | debug | info | warn | error

http:
  timeoutMs: 30000
  maxRetries: 5

# Dashboard of \`ml-connector run\` (optional).
# dashboard:
#   port: 8787
#   host: 127.0.0.1
#   token: env:ML_DASHBOARD_TOKEN

connections:
  - name: acme # lower-case letters, digits, dashes; unique
    hubspot:
      hubId: 12345678 # the portal the token must belong to
      token: vault:hubspot.token # set with: ml-connector connect hubspot --connection acme
      apiVersion: '2026-03' # '2026-03' | '2026-09' | 'v3'
      tier: professional # starter | professional | enterprise | limit-increase | custom
    qad:
      baseUrl: https://acme.qad.com/clouderp # https (http only on loopback)
      clientId: 0123456789abcdef0123456789abcdef
      username: integration
      password: vault:qad.password # set with: ml-connector connect qad --connection acme
      auth: oauth # oauth | basic
      domain: 10USA
      entity: 10USACO
      orders:
        channel: rest # rest | qxtend (qxtend needs a qxtend: block)
        orderNumberPrefix: HS
    flows:
      accounts:
        schedule: { everyMs: 900000 } # or { cron: '*/15 * * * *' }
      contacts:
        schedule: { everyMs: 900000 }
        emailConflict: report # report | link-existing
      catalog:
        schedule: { cron: '0 * * * *' }
        archiveInactive: true
      orders:
        schedule: { everyMs: 60000 }
        closedWonStages: [] # empty: read closed-won stages from the pipelines
        amountTolerance: 0.01
        since: '${today}' # only deals closed on or after this day become QAD orders
`;
