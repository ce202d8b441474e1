#!/usr/bin/env node
/**
 * The `ml-connector` executable: parses argv and hands off to the command program. Once the
 * command is over nothing may keep the process alive (a listener a failed start left behind):
 * an unref'd timer ends it with the command's code if the event loop does not drain by itself.
 */
import { runCli } from './program.js';

const code = await runCli(process.argv);
process.exitCode = code;
setTimeout(() => process.exit(code), 2000).unref();
