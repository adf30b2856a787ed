#!/usr/bin/env node
/** `npx trygr-policy …`: privacy policy tools that run beside Homebridge, never inside it. */
import { runCommandLine } from './dry-run-command.js';

const output = await runCommandLine(process.argv.slice(2));
process.stdout.write(output.stdout);
process.stderr.write(output.stderr);
process.exitCode = output.exitCode;
