/** URL rules shared by the config schema: https everywhere, plain http only on loopback (sandboxes). */
import { z } from 'zod';

/** True for localhost, 127.0.0.0/8 and ::1. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

/**
 * An https URL (http allowed only on loopback) without embedded credentials, query string or
 * fragment. Messages never echo the URL, since a mistyped one may carry a password.
 */
export const serviceUrlSchema = z
  .string({ error: 'must be a URL string' })
  .superRefine((value, ctx) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be an absolute URL (https://…)' });
      return;
    }
    if (url.username !== '' || url.password !== '') {
      ctx.addIssue({ code: 'custom', message: 'must not embed credentials (user:password@)' });
      return;
    }
    if (value.includes('?') || value.includes('#')) {
      // request paths are appended to the base URL: a query or fragment would swallow them
      ctx.addIssue({
        code: 'custom',
        message: 'must not have a query string or fragment (paths are appended to it)',
      });
      return;
    }
    if (url.protocol === 'https:') return;
    if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return;
    ctx.addIssue({ code: 'custom', message: 'must be an https URL (http is allowed only on loopback)' });
  })
  .transform((value) => value.replace(/\/+$/, ''));
