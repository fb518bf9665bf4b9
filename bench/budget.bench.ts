// Budget figures: tiktoken throughput on source text, an incremental recount after a one-line edit
// in a 1 MB file against a full recount (in the core, and through the orchestrator's path from an
// LSP didChange to the updated count, beside that path's former whole-text recount), and the import of a generated ~200 MB Claude transcript
// folder beside `ccusage session --offline --json` on the same folder (both timed, totals compared).
// The folder is generated once into .bench-tmp/ (git-ignored) and reused. Markdown tables on stdout.

import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { TokenCounter, loadTiktokenEncoder, type EncodingName } from '../src/core/budget/tokenCounter';
import { IncrementalTokenDocument } from '../src/core/budget/incrementalDocument';
import { importClaudeTranscripts } from '../src/core/budget/transcriptImport';
import { writeTranscriptFolder, rng, type FolderSpec } from '../test/support/budget/transcriptBuilder';
import { OpenDocumentCounts } from '../src/core/budget/openDocumentCounts';
import { lspDocuments } from '../test/support/lspDocuments';

const root = join(__dirname, '..');
const run = promisify(execFile);
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const pct = (xs: number[], p: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))] ?? NaN;
const gc = (): void => (globalThis as { gc?: () => void }).gc?.();
const ms = (n: number): string => (n < 10 ? n.toFixed(3) : n.toFixed(0));

/** Source text: this repository's TypeScript plus TypeScript's own lib, up to `bytes`. */
function sourceText(bytes: number): string {
  const parts: string[] = [];
  let size = 0;
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (p.endsWith('.ts') && size < bytes) {
        const t = readFileSync(p, 'utf8');
        parts.push(t);
        size += t.length;
      }
    }
  };
  walk(join(root, 'src'));
  const ts = readFileSync(join(root, 'node_modules', 'typescript', 'lib', 'typescript.js'), 'utf8');
  let text = parts.join('\n');
  if (text.length < bytes) text += `\n${ts.slice(0, bytes - text.length)}`;
  return text.slice(0, bytes);
}

async function throughput(): Promise<void> {
  const text = sourceText(4 * 1024 * 1024);
  console.log('\n### tiktoken throughput on source text (4 MB of TypeScript)\n');
  console.log('| encoding | first load (lazy) | tokens | encode time | MB/s | tokens/s |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const encoding of ['o200k_base', 'cl100k_base'] as EncodingName[]) {
    const t0 = performance.now();
    const enc = await loadTiktokenEncoder(encoding);
    const load = performance.now() - t0;
    enc.count('warm up');
    const times: number[] = [];
    let tokens = 0;
    for (let i = 0; i < 3; i++) {
      const t1 = performance.now();
      tokens = enc.count(text);
      times.push(performance.now() - t1);
    }
    const t = median(times);
    console.log(
      `| ${encoding} | ${ms(load)} ms | ${tokens.toLocaleString('en-US')} | ${ms(t)} ms | ${(text.length / 1048576 / (t / 1000)).toFixed(1)} | ${Math.round(tokens / (t / 1000)).toLocaleString('en-US')} |`,
    );
    enc.dispose();
  }
}

async function incremental(): Promise<void> {
  const text = sourceText(1024 * 1024);
  const counter = new TokenCounter();
  await counter.ready();
  const count = (t: string): number => counter.countLoaded(t);
  // The full recount goes straight to the encoder: no content-hash cache in the way.
  const raw = await loadTiktokenEncoder('o200k_base');
  const fullTimes: number[] = [];
  let full = 0;
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    full = raw.count(text);
    fullTimes.push(performance.now() - t0);
  }
  raw.dispose();
  const t1 = performance.now();
  const doc = new IncrementalTokenDocument(count, text);
  const build = performance.now() - t1;
  const r = rng(3);
  const editTimes: number[] = [];
  gc();
  const before = doc.recountedChunks;
  for (let i = 0; i < 300; i++) {
    const line = Math.floor(r() * doc.lineCount);
    const t0 = performance.now();
    doc.applyEdit({ start: { line, character: 0 }, end: { line, character: 0 }, text: `/* edit ${i} */ ` });
    editTimes.push(performance.now() - t0);
  }
  const check = new IncrementalTokenDocument(count, doc.text).tokens;
  console.log(
    `\n### Incremental count: one-line edits in a 1 MB file (${doc.lineCount.toLocaleString('en-US')} lines, ${doc.chunkCount} chunks)\n`,
  );
  console.log('| operation | median | p95 | max | tokens |');
  console.log('| --- | --- | --- | --- | --- |');
  console.log(
    `| full recount (tiktoken encode of 1 MB) | ${ms(median(fullTimes))} ms | ${ms(pct(fullTimes, 0.95))} ms | ${ms(Math.max(...fullTimes))} ms | ${full.toLocaleString('en-US')} |`,
  );
  console.log(`| initial chunked build (once per document) | ${ms(build)} ms | | | ${doc.tokens.toLocaleString('en-US')} |`);
  console.log(
    `| one-line edit, incremental (300 edits) | ${ms(median(editTimes))} ms | ${ms(pct(editTimes, 0.95))} ms | ${ms(Math.max(...editTimes))} ms | ${doc.tokens.toLocaleString('en-US')} |`,
  );
  const product = productPath(text, count);
  console.log(
    `| product path: LSP didChange (one-line edit) → updated count (300 events) | ${ms(median(product.times))} ms | ${ms(pct(product.times, 0.95))} ms | ${ms(Math.max(...product.times))} ms | ${product.tokens.toLocaleString('en-US')} |`,
  );
  console.log(
    `| … of which the budget's replay of the change (the rest: the server's TextDocument update) | ${ms(median(product.handlerTimes))} ms | ${ms(pct(product.handlerTimes, 0.95))} ms | ${ms(Math.max(...product.handlerTimes))} ms | |`,
  );
  console.log(
    `| former product path: didChange → whole-text setText (30 events) | ${ms(median(product.formerTimes))} ms | ${ms(pct(product.formerTimes, 0.95))} ms | ${ms(Math.max(...product.formerTimes))} ms | ${product.formerTokens.toLocaleString('en-US')} |`,
  );
  console.log(
    `\nChunks re-encoded per edit: ${((doc.recountedChunks - before) / 300).toFixed(2)} on average; after the edits the incremental total ${doc.tokens === check ? 'equals' : 'DIFFERS FROM'} a from-scratch chunked recount (${check.toLocaleString('en-US')}); chunked vs whole-text encode: ${(((doc.tokens - full) / full) * 100).toFixed(2)} %.`,
  );
  console.log(
    `Product path: the orchestrator's TextDocuments (incremental sync) and the budget's open-document counts, driven by didChange notifications; ${product.stats.incremental} events replayed edit by edit, ${product.stats.fallbacks} fell back to a whole-text recount; the final count ${product.tokens === product.check ? 'equals' : 'DIFFERS FROM'} a from-scratch chunked recount of the server's text (${product.check.toLocaleString('en-US')}).`,
  );
  counter.dispose();
}

/**
 * The orchestrator's path from an LSP didChange to the updated count: the server's document update
 * and the budget's replay of the change. Beside it, the former path: the same update, then
 * `setText(getText())` (every chunk re-hashed, unchanged ones cache hits).
 */
function productPath(
  text: string,
  count: (t: string) => number,
): {
  times: number[];
  handlerTimes: number[];
  formerTimes: number[];
  tokens: number;
  formerTokens: number;
  check: number;
  stats: ReturnType<OpenDocumentCounts['stats']>;
} {
  const uri = 'file:///bench/big.ts';
  const run = (
    events: number,
    former: boolean,
  ): { times: number[]; handlerTimes: number[]; tokens: number; check: number; stats: ReturnType<OpenDocumentCounts['stats']> } => {
    const lsp = lspDocuments();
    const counts = new OpenDocumentCounts(count);
    let formerDoc: IncrementalTokenDocument | undefined;
    // Listeners run in order: the ones around the budget's time its share (the rest is the document update).
    const handlerTimes: number[] = [];
    let handlerStart = 0;
    lsp.port.onDidChange(() => (handlerStart = performance.now()));
    if (former) lsp.port.onDidChange((document) => formerDoc?.setText(document.getText()));
    else counts.listen(lsp.port);
    lsp.port.onDidChange(() => handlerTimes.push(performance.now() - handlerStart));
    lsp.open(uri, text);
    const opened = lsp.documents.get(uri);
    if (!opened) throw new Error('document did not open');
    if (former) formerDoc = new IncrementalTokenDocument(count, text);
    else counts.open(opened);
    const r = rng(11);
    const times: number[] = [];
    gc();
    for (let i = 0; i < events; i++) {
      const line = Math.floor(r() * opened.lineCount);
      const change = { range: { start: { line, character: 0 }, end: { line, character: 0 } }, rangeLength: 0, text: `/* edit ${i} */ ` };
      const t0 = performance.now();
      lsp.change(uri, i + 2, [change]);
      const tokens = former ? formerDoc?.tokens : counts.tokens(uri);
      times.push(performance.now() - t0);
      if (tokens === undefined) throw new Error('no count');
    }
    const tokens = (former ? formerDoc?.tokens : counts.tokens(uri)) ?? NaN;
    return {
      times,
      handlerTimes: handlerTimes.slice(1),
      tokens,
      check: new IncrementalTokenDocument(count, opened.getText()).tokens,
      stats: counts.stats(),
    };
  };
  const now = run(300, false);
  const before = run(30, true);
  return {
    times: now.times,
    handlerTimes: now.handlerTimes,
    formerTimes: before.times,
    tokens: now.tokens,
    formerTokens: before.tokens,
    check: now.check,
    stats: now.stats,
  };
}

const SPEC: Omit<FolderSpec, 'root'> = {
  projects: 8,
  sessionsPerProject: 32,
  turns: 65,
  toolResultBytes: 4000,
  seed: 2026,
  resumed: true,
  subagents: true,
};

function folderBytes(dir: string): { bytes: number; files: number } {
  let bytes = 0;
  let files = 0;
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      const s = statSync(p);
      if (s.isDirectory()) walk(p);
      else if (name.endsWith('.jsonl')) {
        bytes += s.size;
        files++;
      }
    }
  };
  walk(d(dir));
  return { bytes, files };
}
const d = (dir: string): string => join(dir, 'projects');

interface Group {
  input: number;
  output: number;
  cc: number;
  cr: number;
  cost: number;
}

async function importVsCcusage(): Promise<void> {
  const dir = join(root, '.bench-tmp', 'budget-claude');
  const marker = join(dir, 'spec.json');
  if (!existsSync(marker) || readFileSync(marker, 'utf8') !== JSON.stringify(SPEC)) {
    rmSync(dir, { recursive: true, force: true });
    const t0 = performance.now();
    await writeTranscriptFolder({ root: dir, ...SPEC });
    writeFileSync(marker, JSON.stringify(SPEC));
    console.error(`generated ${dir} in ${ms(performance.now() - t0)} ms`);
  }
  const { bytes, files } = folderBytes(dir);

  const ours: number[] = [];
  gc();
  let result = await importClaudeTranscripts({ claudeDirs: [dir] });
  for (let i = 0; i < 2; i++) {
    const t0 = performance.now();
    result = await importClaudeTranscripts({ claudeDirs: [dir] });
    ours.push(performance.now() - t0);
  }
  const t1 = performance.now();
  const { stdout } = await run(join(root, 'node_modules', '.bin', 'ccusage'), ['session', '--offline', '--json'], {
    env: { ...process.env, CLAUDE_CONFIG_DIR: dir },
    cwd: dir,
    maxBuffer: 256 * 1024 * 1024,
  });
  const theirsMs = performance.now() - t1;
  const theirs = (
    JSON.parse(stdout) as {
      sessions: Array<{
        sessionId: string;
        projectPath: string;
        inputTokens: number;
        outputTokens: number;
        cacheCreationTokens: number;
        cacheReadTokens: number;
        totalCost: number;
      }>;
    }
  ).sessions;

  const grouped = new Map<string, Group>();
  for (const f of result.files) {
    const k = `${f.ccusageKey.projectPath}/${f.ccusageKey.sessionId}`;
    const g = grouped.get(k) ?? { input: 0, output: 0, cc: 0, cr: 0, cost: 0 };
    g.input += f.totals.inputTokens;
    g.output += f.totals.outputTokens;
    g.cc += f.totals.cacheCreationTokens;
    g.cr += f.totals.cacheReadTokens;
    g.cost += f.costUsd;
    grouped.set(k, g);
  }
  let equal = 0;
  let maxCostDiff = 0;
  for (const t of theirs) {
    const g = grouped.get(`${t.projectPath}/${t.sessionId}`);
    if (
      g != null &&
      g.input === t.inputTokens &&
      g.output === t.outputTokens &&
      g.cc === t.cacheCreationTokens &&
      g.cr === t.cacheReadTokens
    )
      equal++;
    if (g != null) maxCostDiff = Math.max(maxCostDiff, Math.abs(g.cost - t.totalCost));
  }
  const sum = (f: (x: Group) => number): number => [...grouped.values()].reduce((n, g) => n + f(g), 0);
  const theirSum = (f: (x: (typeof theirs)[number]) => number): number => theirs.reduce((n, t) => n + f(t), 0);

  console.log(`\n### Transcript import: ${(bytes / 1048576).toFixed(0)} MB, ${files} files, ${result.sessions.length} sessions\n`);
  console.log('| reader | time | MB/s |');
  console.log('| --- | --- | --- |');
  console.log(
    `| importClaudeTranscripts (median of 2, warm cache) | ${ms(median(ours))} ms | ${(bytes / 1048576 / (median(ours) / 1000)).toFixed(0)} |`,
  );
  console.log(`| ccusage session --offline --json (18.0.11) | ${ms(theirsMs)} ms | ${(bytes / 1048576 / (theirsMs / 1000)).toFixed(0)} |`);
  console.log(`\nSpeed-up: ${(theirsMs / median(ours)).toFixed(1)}×.\n`);
  console.log('| totals | ours | ccusage |');
  console.log('| --- | --- | --- |');
  console.log(`| ccusage session groups | ${grouped.size} | ${theirs.length} |`);
  console.log(`| groups with equal token totals | ${equal} | ${theirs.length} |`);
  console.log(
    `| input tokens | ${sum((g) => g.input).toLocaleString('en-US')} | ${theirSum((t) => t.inputTokens).toLocaleString('en-US')} |`,
  );
  console.log(
    `| output tokens | ${sum((g) => g.output).toLocaleString('en-US')} | ${theirSum((t) => t.outputTokens).toLocaleString('en-US')} |`,
  );
  console.log(
    `| cache creation | ${sum((g) => g.cc).toLocaleString('en-US')} | ${theirSum((t) => t.cacheCreationTokens).toLocaleString('en-US')} |`,
  );
  console.log(
    `| cache read | ${sum((g) => g.cr).toLocaleString('en-US')} | ${theirSum((t) => t.cacheReadTokens).toLocaleString('en-US')} |`,
  );
  console.log(`| cost (USD, est.) | ${sum((g) => g.cost).toFixed(2)} | ${theirSum((t) => t.totalCost).toFixed(2)} |`);
  console.log(`\nLargest per-group cost difference: $${maxCostDiff.toExponential(2)}.`);
}

async function main(): Promise<void> {
  await throughput();
  await incremental();
  await importVsCcusage();
}

void main();
