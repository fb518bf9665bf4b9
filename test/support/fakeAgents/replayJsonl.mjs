#!/usr/bin/env node
// A fake agent CLI that replays a recorded event file: prints the lines of $FAKE_JSONL to stdout,
// its own arguments as one JSON line to stderr, and exits with $FAKE_EXIT (default 0).
import { readFileSync } from 'node:fs';

process.stderr.write(`${JSON.stringify(process.argv.slice(2))}\n`);
process.stdout.write(readFileSync(process.env.FAKE_JSONL ?? '/dev/null', 'utf8'));
process.exitCode = Number(process.env.FAKE_EXIT ?? 0);
