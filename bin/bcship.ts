#!/usr/bin/env node
// The bcship operator CLI. Everything lives in local/cli; this file only starts it.
import { main } from '../local/cli/main.ts';

process.exitCode = await main(process.argv.slice(2));
