/** The login form: the operator pastes the dashboard token configured in `dashboard.token`. */
import { html, type SafeHtml } from '../html.js';
import { layout } from './layout.js';

/** Renders the login page, with an optional error (wrong token, too many attempts). */
export function loginPage(opts: { error?: string | undefined; next?: string | undefined }): SafeHtml {
  const body = html`<form method="post" action="/login" class="login">
    <h1>Sign in</h1>
    ${opts.error ? html`<div class="flash bad" role="alert">${opts.error}</div>` : ''}
    <label
      >Dashboard token<input type="password" name="token" autocomplete="current-password" required autofocus
    /></label>
    <input type="hidden" name="next" value="${opts.next ?? '/'}" />
    <button type="submit" class="primary">Sign in</button>
  </form>`;
  return layout({ title: 'Sign in', section: 'login', csrfToken: null, body });
}
