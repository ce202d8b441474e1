/**
 * Where a command's log lines go. On a terminal (or `--log-format human`): warnings and errors
 * as one readable line each (pino-pretty), info too with `--verbose`. Otherwise (`--log-format
 * json`, or stderr is a pipe or file): pino's JSON lines for machines, at the configured level.
 */
import { prettyFactory } from 'pino-pretty';
import type { LogLevel } from '../core/logger.js';
import { ConfigError } from '../core/errors.js';
import type { TextOut } from './context.js';
import type { Terminal } from './terminal.js';

export interface LogOutput {
  human: boolean;
  /** Level override; undefined keeps the config's `log.level`. */
  level: LogLevel | undefined;
  destination: { write(line: string): unknown };
}

export const LOG_FORMATS = ['human', 'json'] as const;

/** One readable line: `WARN: acme/accounts: message [CODE]`. */
function messageFormat(log: Record<string, unknown>, messageKey: string): string {
  const where = [log['connection'], log['flow']].filter((x) => typeof x === 'string').join('/');
  const err = log['err'];
  const code =
    err !== null && typeof err === 'object' && typeof (err as { code?: unknown }).code === 'string'
      ? ` [${(err as { code: string }).code}]`
      : '';
  const msg = typeof log[messageKey] === 'string' ? log[messageKey] : '';
  return `${where ? `${where}: ` : ''}${msg}${code}`;
}

/** A pino destination that prints each JSON line as one human line through the terminal. */
export function humanLogStream(terminal: Terminal, options: { verbose: boolean; colorize: boolean }) {
  const pretty = prettyFactory({
    colorize: options.colorize,
    ignore: 'pid,hostname,time,service,event,connection,flow,err',
    hideObject: !options.verbose,
    singleLine: true,
    messageFormat,
  });
  return {
    write(line: string): boolean {
      terminal.write(pretty(line));
      return true;
    },
  };
}

/** Decides the log output from the global flags and stderr. */
export function logOutputFor(opts: {
  format: string | undefined;
  verbose: boolean;
  stderr: TextOut;
  terminal: Terminal;
  /** Tests: where JSON lines go instead of stderr. */
  destination?: { write(line: string): unknown };
}): LogOutput {
  if (opts.format !== undefined && !(LOG_FORMATS as readonly string[]).includes(opts.format)) {
    throw new ConfigError(
      'USAGE',
      `--log-format must be one of ${LOG_FORMATS.join(', ')} (got "${opts.format}")`,
    );
  }
  const human = opts.format === 'human' || (opts.format === undefined && opts.stderr.isTTY === true);
  if (!human) {
    return {
      human: false,
      level: opts.verbose ? 'debug' : undefined,
      destination: opts.destination ?? opts.stderr,
    };
  }
  return {
    human: true,
    level: opts.verbose ? 'info' : 'warn',
    destination: humanLogStream(opts.terminal, {
      verbose: opts.verbose,
      colorize: opts.stderr.isTTY === true,
    }),
  };
}
