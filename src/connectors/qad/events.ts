/**
 * Events the QAD connector emits. Tests synchronise on them; metrics count them. Payloads never
 * carry tokens or passwords.
 */
declare module '../../core/events.js' {
  interface EventMap {
    /** A token was obtained; `grant` says whether by password or refresh token. */
    'qad.login': { user: string; grant: 'password' | 'refresh_token'; host: string };
    /** A 401 made the client discard its token and log in again (once per request). */
    'qad.relogin': { path: string };
    /** One browse page was read. */
    'qad.browse.page': { browseId: string; page: number; rows: number; hasMore: boolean };
    /** A sales-order header was committed (REST) or the QXtend call succeeded. */
    'qad.order.header.created': { orderNumber: string; po: string; via: 'rest' | 'qxtend' };
    /** One REST order line was committed. */
    'qad.order.line.created': { orderNumber: string; line: number };
    /** An order was created and read back. */
    'qad.order.created': { orderNumber: string; po: string; lines: number; via: 'rest' | 'qxtend' };
    /** The order already existed (found by PO, or code 2041): read back instead of created. */
    'qad.order.already-exists': { orderNumber: string; po: string; reason: 'po-lookup' | 'duplicate-2041' };
    /** Some lines were missing on an existing order and are being added (resume). */
    'qad.order.resumed': { orderNumber: string; missingLines: number[] };
    /** A QXtend request was answered. */
    'qad.qxtend.response': { qdoc: string; result: 'success' | 'warning' | 'error' | 'fault' };
  }
}

export {};
