#!/usr/bin/env node
// Prints the README's command and setting tables from package.json (paste them into README.md;
// test/unit/docs/readme.test.ts checks that nothing is missing).
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const c = pkg.contributes;
const cell = (s) => String(s).replace(/\|/g, '\\|').replace(/\n/g, ' ');
console.log('| command | what it does |\n| --- | --- |');
for (const cmd of c.commands) console.log(`| ${cmd.title} | ${cell(cmd.description ?? '')} |`);
console.log('\n| setting | default | meaning |\n| --- | --- | --- |');
for (const [key, p] of Object.entries(c.configuration.properties)) {
  console.log(`| \`${key}\` | \`${JSON.stringify(p.default)}\` | ${cell(p.markdownDescription ?? p.description ?? '')} |`);
}
