// A racing editor for the atomic-write tests: another process that keeps rewriting a file in
// place (open with truncation, write, close: what most editors and tools do), a few milliseconds
// apart, while the test rewrites it through applyFileRewrite. Before each of its writes it reads
// the file and checks that whatever it finds is based on its own last version: a rewrite based
// on an older version means one of its edits was replaced. The writer may notice that afterwards
// and put the edit back, so a mismatch is checked again 150 ms later; only an edit still replaced
// then counts as lost. It prints `lost <n>` for each such edit, `wrote <n>` for each write, and
// stops when its stdin closes.
import { readFileSync, writeFileSync } from 'node:fs';

const [file] = process.argv.slice(2);
if (file === undefined) throw new Error('usage: racingEditor.mjs <file>');
const sleeper = new Int32Array(new SharedArrayBuffer(4));
let stop = false;
process.stdin.on('end', () => (stop = true)).resume();

/** The editor's version `n`: one line, so a rewrite that appends to it shows what it was based on. */
const version = (n) => `editor ${n}\n`;

let n = 0;
writeFileSync(file, version(n));
process.stdout.write('ready\n');
function step() {
  if (stop) return;
  // Ours untouched, or a rewrite that appended to ours: fine. Anything else replaced our version.
  const basedOnOurs = () => readFileSync(file, 'utf8').startsWith(version(n));
  if (!basedOnOurs()) {
    Atomics.wait(sleeper, 0, 0, 150);
    if (!basedOnOurs()) process.stdout.write(`lost ${n} ${JSON.stringify(readFileSync(file, 'utf8').slice(0, 40))}\n`);
  }
  n += 1;
  writeFileSync(file, version(n));
  process.stdout.write(`wrote ${n}\n`);
  Atomics.wait(sleeper, 0, 0, 2 + Math.random() * 10); // 2–12 ms between edits.
  setImmediate(step); // Lets the stdin 'end' event in.
}
step();
