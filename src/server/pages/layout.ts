/** Page chrome (navigation, CSRF meta tag, asset links) and the value formatters pages share. */
import { html, type SafeHtml } from '../html.js';

export type Section = 'health' | 'errors' | 'runs' | 'rate-budget' | 'login' | 'mass-changes';

/** ISO-like UTC timestamp, or an em dash for null. */
export function fmtTime(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 19) + 'Z';
}

/** A duration such as `3m 20s`, `2h 5m`, `4d 1h`. */
export function fmtDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${s % 60}s`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h ${m % 60}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}

/** Wraps page content in the document shell. `csrfToken` is null on the login page. */
export function layout(opts: {
  title: string;
  section: Section;
  csrfToken: string | null;
  body: SafeHtml;
}): SafeHtml {
  const nav = (section: Section, href: string, label: string): SafeHtml =>
    html`<a href="${href}" class="${opts.section === section ? 'active' : ''}">${label}</a>`;
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        ${opts.csrfToken ? html`<meta name="csrf-token" content="${opts.csrfToken}" />` : ''}
        <title>${opts.title} · ml-connector</title>
        <link rel="stylesheet" href="/assets/app.css" />
        <script src="/assets/app.js" defer></script>
      </head>
      <body>
        <header>
          <span class="brand">ml-connector</span>
          ${
            opts.csrfToken
              ? html`${nav('health', '/', 'Health')} ${nav('errors', '/errors', 'Error queue')}
                  ${nav('runs', '/runs', 'Runs')} ${nav('rate-budget', '/rate-budget', 'Rate budget')}
                  ${nav('mass-changes', '/mass-changes', 'Mass changes')}
                  <form method="post" action="/logout" class="inline">
                    <input type="hidden" name="_csrf" value="${opts.csrfToken}" /><button type="submit">
                      Log out
                    </button>
                  </form>`
              : ''
          }
        </header>
        <main>${opts.body}</main>
      </body>
    </html> `;
}
