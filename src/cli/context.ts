/**
 * What every command gets: injected I/O and environment (so tests run the real program in-process),
 * the global `--config` resolution, redacted output, and the composition root.
 */
import type { Command } from 'commander';
import type { App, OpenAppOptions } from '../app/compose.js';
import { openApp } from '../app/compose.js';
import { resolveConfigPath, type Env } from '../config/index.js';
import { EXIT } from '../core/errors.js';
import { SecretRegistry } from '../core/logger.js';
import { logOutputFor, type LogOutput } from './log-output.js';
import { createTerminal, type Terminal } from './terminal.js';

/** A text sink (process.stdout or a test buffer). */
export interface TextOut {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface CliDeps {
  env: Env;
  cwd: string;
  stdout: TextOut;
  stderr: TextOut;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  /** Replaces the composition root (the server/engine helpers may wrap it). */
  openApp?: (options: OpenAppOptions) => Promise<App>;
  /** Log destination for apps opened by commands; default stderr. */
  logDestination?: OpenAppOptions['logDestination'];
}

export interface CliContext {
  readonly deps: CliDeps;
  /** Values scrubbed from all output. */
  readonly secrets: SecretRegistry;
  /** Absolute config path from --config, ML_CONNECTOR_CONFIG or ./ml-connector.yaml. */
  configPath(): string;
  /** Opens the app on the chosen config; closed automatically when the command ends. */
  openApp(options?: Omit<OpenAppOptions, 'configPath' | 'env' | 'cwd' | 'secrets'>): Promise<App>;
  /** Registers cleanup that runs after the command (even when it fails). */
  defer(cleanup: () => Promise<void>): void;
  /** Writes a line to stdout, secrets redacted. */
  out(text: string): void;
  /** Writes a line to stderr, secrets redacted. */
  err(text: string): void;
  /** Prints a value as pretty JSON on stdout, secrets redacted. */
  json(value: unknown): void;
  /** Prints a value as one line of JSON on stdout, secrets redacted. */
  jsonLine(value: unknown): void;
  /** True once a command printed its JSON answer (an error after it adds none). */
  readonly printedJson: boolean;
  /** How log lines reach stderr: human lines on a terminal, JSON otherwise (global --log-format, --verbose). */
  logOutput(): LogOutput;
  /** stderr as scrolling lines plus a live status area (progress); `err` writes through it. */
  readonly terminal: Terminal;
  /** Sets the process exit code (e.g. EXIT.partial); the highest code set wins. */
  setExitCode(code: number): void;
  readonly exitCode: number;
}

/** Builds the context; `program` is read lazily for the global --config option. */
export function createCliContext(deps: CliDeps, program: () => Command): CliContext {
  const secrets = new SecretRegistry();
  const cleanups: (() => Promise<void>)[] = [];
  let exitCode: number = EXIT.ok;
  let printedJson = false;
  const terminal = createTerminal(deps.stderr);
  const ctx: CliContext & { runCleanups(): Promise<void> } = {
    deps,
    secrets,
    configPath() {
      const flag = program().opts<{ config?: string }>().config;
      return resolveConfigPath({ flag, env: deps.env, cwd: deps.cwd });
    },
    async openApp(options = {}) {
      const open = deps.openApp ?? openApp;
      const app = await open({
        ...options,
        configPath: ctx.configPath(),
        env: deps.env,
        cwd: deps.cwd,
        secrets,
        ...logDefaults(ctx.logOutput(), options),
      });
      cleanups.push(() => app.close());
      return app;
    },
    defer(cleanup) {
      cleanups.push(cleanup);
    },
    out(text) {
      deps.stdout.write(`${secrets.redact(text)}\n`);
    },
    err(text) {
      terminal.write(`${secrets.redact(text)}\n`);
    },
    terminal,
    json(value) {
      printedJson = true;
      deps.stdout.write(`${JSON.stringify(secrets.redact(value), null, 2)}\n`);
    },
    jsonLine(value) {
      printedJson = true;
      deps.stdout.write(`${JSON.stringify(secrets.redact(value))}\n`);
    },
    get printedJson() {
      return printedJson;
    },
    logOutput() {
      const opts = program().opts<{ logFormat?: string; verbose?: boolean }>();
      return logOutputFor({
        format: opts.logFormat,
        verbose: opts.verbose === true,
        stderr: deps.stderr,
        terminal,
        ...(deps.logDestination ? { destination: deps.logDestination } : {}),
      });
    },
    setExitCode(code) {
      exitCode = Math.max(exitCode, code);
    },
    get exitCode() {
      return exitCode;
    },
    async runCleanups() {
      for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    },
  };
  return ctx;
}

/** The log destination and level a command's app gets, unless the command chose its own. */
function logDefaults(
  output: LogOutput,
  options: Pick<OpenAppOptions, 'logDestination' | 'logLevel'>,
): Pick<OpenAppOptions, 'logDestination' | 'logLevel'> {
  return {
    ...(options.logDestination ? {} : { logDestination: output.destination }),
    ...(output.level && (options.logLevel === undefined || output.human) ? { logLevel: output.level } : {}),
  };
}

/** Runs the cleanups registered with `defer`/`openApp`. */
export async function runCleanups(ctx: CliContext): Promise<void> {
  await (ctx as CliContext & { runCleanups(): Promise<void> }).runCleanups();
}
