/**
 * Text an order may carry: QAD codes travel inside a QXtend XML envelope (or a REST body that
 * QAD's Progress layer stores), and XML 1.0 cannot carry control characters such as U+0001 at
 * all — no escape exists. A code holding one (from QAD itself, through a ledger link) fails the
 * deal as a data problem before anything is sent.
 */
import { codePointLabel, xmlInvalidCodePoint } from '../../connectors/qad/qxtend/envelope.js';

/** One value to check: what it is, and where it sits (e.g. a line item), for the message. */
export interface OrderText {
  label: string;
  value: string | null | undefined;
  owner?: string;
}

/** ORDER_INVALID_TEXT for each value holding a character XML 1.0 does not allow. */
export function invalidTextProblems(
  values: readonly OrderText[],
): { code: 'ORDER_INVALID_TEXT'; message: string }[] {
  const problems: { code: 'ORDER_INVALID_TEXT'; message: string }[] = [];
  for (const { label, value, owner } of values) {
    if (typeof value !== 'string') continue;
    const cp = xmlInvalidCodePoint(value);
    if (cp === undefined) continue;
    problems.push({
      code: 'ORDER_INVALID_TEXT',
      message: `${label} "${printable(value)}"${owner === undefined ? '' : ` of ${owner}`} contains ${codePointLabel(cp)}, a control character QAD cannot take`,
    });
  }
  return problems;
}

/** The value with the characters XML cannot carry shown as `\uXXXX`, so a message can quote it. */
function printable(value: string): string {
  let out = '';
  for (const char of value) {
    const cp = char.codePointAt(0) ?? 0;
    out += xmlInvalidCodePoint(char) === undefined ? char : `\\u${cp.toString(16).padStart(4, '0')}`;
  }
  return out;
}
