#!/usr/bin/env node
/** The `ml-connector` executable: parses argv and hands off to the command program. */
import { runCli } from './program.js';

process.exitCode = await runCli(process.argv);
