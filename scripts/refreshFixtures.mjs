#!/usr/bin/env node
// Refreshes test/fixtures from the project's shared research folder, which is the source of the
// real permission corpus, the routing traces and the trace tools. Never run by npm test or npm start.
// Usage: node scripts/refreshFixtures.mjs --from /path/to/shared
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const i = process.argv.indexOf('--from');
const from = i > 0 ? process.argv[i + 1] : undefined;
if (!from || !existsSync(from)) {
  console.error('usage: node scripts/refreshFixtures.mjs --from /path/to/shared (the shared research folder)');
  process.exit(2);
}

/** [source folder, file filter, destination folder], relative to the shared folder and to test/fixtures. */
const copies = [
  ['data/permissions/real', (n) => n.endsWith('.json') || n === 'index.tsv', 'permissions/real'],
  ['data/routing', (n) => /^(trace|answers)-\d+\.jsonl$/.test(n), 'routing/samples'],
  ['data/routing/real', (n) => n.endsWith('.jsonl'), 'routing/real'],
  ['bench/routing', (n) => n.endsWith('.mjs'), 'routing/tools'],
];
let count = 0;
for (const [src, keep, dest] of copies) {
  const source = join(from, src);
  const target = join(root, 'test', 'fixtures', dest);
  mkdirSync(target, { recursive: true });
  for (const name of readdirSync(source).filter(keep)) {
    copyFileSync(join(source, name), join(target, name));
    count++;
  }
}
console.log(`copied ${count} files into test/fixtures; review them with git diff before committing`);
