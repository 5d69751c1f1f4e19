#!/usr/bin/env node
// The bcship operator CLI. Everything lives in cli/; this file only starts it.
import { main } from '../cli/main.ts';

process.exitCode = await main(process.argv.slice(2));
