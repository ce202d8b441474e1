/**
 * Business documents under `{base}/api/erp/<collection>` (sandbox/qad/vendor-facts.md: "Business documents", "Errors"). Both
 * result envelopes are understood: `{"data":{"<collection>":[…]}}` and
 * `{"submitResult":{"success":…,"errors":[…]}}`, plus the bare `{"errors":[…]}` form.
 * `success:false` becomes DataError QAD_SUBMIT_FAILED carrying the field-named errors.
 */
import { DataError, NetworkError } from '../../core/errors.js';
import { isRecord } from '../../core/guards.js';
import type { RequestPriority, RetryMode } from '../../http/types.js';
import type { QadRest } from './rest.js';

/** One QAD validation error. */
export interface QadSubmitError {
  code: string;
  message: string;
  fieldName?: string;
  value?: unknown;
  severity?: number;
}

/** A parsed document response. */
export interface QadDocumentResult {
  /** Documents of `data.<collection>` (empty when the answer was a bare submitResult). */
  documents: Record<string, unknown>[];
  errors: QadSubmitError[];
}

function asErrors(value: unknown): QadSubmitError[] {
  if (!Array.isArray(value)) return [];
  return value.map((raw: unknown) => {
    if (typeof raw === 'string') return { code: '', message: raw };
    const e = isRecord(raw) ? raw : {};
    const error: QadSubmitError = {
      code: typeof e['code'] === 'string' || typeof e['code'] === 'number' ? String(e['code']) : '',
      message: typeof e['message'] === 'string' ? e['message'] : '',
    };
    if (typeof e['fieldName'] === 'string' && e['fieldName'] !== '') error.fieldName = e['fieldName'];
    if ('value' in e) error.value = e['value'];
    if (typeof e['severity'] === 'number') error.severity = e['severity'];
    return error;
  });
}

/** Describes errors as `fieldName: message (code)` for messages. */
export function describeSubmitErrors(errors: readonly QadSubmitError[]): string {
  return errors
    .map(
      (e) =>
        `${e.fieldName !== undefined ? `${e.fieldName}: ` : ''}${e.message}${e.code !== '' ? ` (${e.code})` : ''}`,
    )
    .join('; ');
}

/**
 * Interprets a 2xx body for `collection`. Throws DataError QAD_SUBMIT_FAILED on
 * `submitResult.success:false` or a bare `errors[]`; NetworkError QAD_BAD_RESPONSE when no envelope fits.
 */
export function parseDocumentResult(body: unknown, collection: string, where: string): QadDocumentResult {
  const obj = isRecord(body) ? body : {};
  const submit = obj['submitResult'];
  const submitObj = isRecord(submit) ? submit : undefined;
  const bareErrors = asErrors(obj['errors']);
  const errors = submitObj ? asErrors(submitObj['errors']) : bareErrors;
  const failed = submitObj ? submitObj['success'] !== true : bareErrors.length > 0;
  if (failed) {
    throw new DataError(
      'QAD_SUBMIT_FAILED',
      `QAD rejected ${where}: ${describeSubmitErrors(errors) || 'success=false'}`,
      {
        details: { errors, collection },
      },
    );
  }
  const data = obj['data'];
  const key = collection.split('/')[0] ?? collection;
  let documents: Record<string, unknown>[] = [];
  if (isRecord(data)) {
    const list = data[key] ?? Object.values(data).find((v) => Array.isArray(v));
    if (Array.isArray(list)) documents = list.filter(isRecord);
  } else if (!submitObj && data === undefined && body !== '' && body !== undefined) {
    throw new NetworkError('QAD_BAD_RESPONSE', `QAD answered ${where} with no data, submitResult or errors`, {
      details: { collection },
    });
  }
  return { documents, errors };
}

/** `GET {base}/api/erp/<collection>?<params>` → the documents (empty when none match). */
export async function getDocument(
  rest: QadRest,
  collection: string,
  params: Record<string, string>,
  priority?: RequestPriority,
): Promise<Record<string, unknown>[]> {
  const res = await rest.call({
    method: 'GET',
    path: `/api/erp/${collection}`,
    query: params,
    retry: 'safe',
    ...(priority !== undefined ? { priority } : {}),
  });
  return parseDocumentResult(res.text === '' ? {} : res.json(), collection, `GET ${collection}`).documents;
}

/**
 * `POST {base}/api/erp/<collection>` with `{"supplementaryMessages":[],"<collection>":[…]}`
 * (a body that already holds the collection key is sent as is). Writes default to retry 'never'.
 */
export async function postDocument(
  rest: QadRest,
  collection: string,
  body: Record<string, unknown> | Record<string, unknown>[],
  options: {
    query?: Record<string, string>;
    retry?: RetryMode;
    priority?: RequestPriority;
    bodyKey?: string;
  } = {},
): Promise<QadDocumentResult> {
  const key = options.bodyKey ?? collection.split('/')[0] ?? collection;
  const payload = Array.isArray(body)
    ? { supplementaryMessages: [], [key]: body }
    : key in body
      ? body
      : { supplementaryMessages: [], [key]: [body] };
  const res = await rest.call({
    method: 'POST',
    path: `/api/erp/${collection}`,
    ...(options.query !== undefined ? { query: options.query } : {}),
    body: payload,
    retry: options.retry ?? 'never',
    priority: options.priority ?? 'orders',
  });
  return parseDocumentResult(res.text === '' ? {} : res.json(), key, `POST ${collection}`);
}
