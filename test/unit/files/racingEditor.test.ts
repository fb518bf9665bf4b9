// A rewrite racing a real editor: another process keeps rewriting the file in place while
// applyFileRewrite replaces it. An edit that lands after the content check must never be silently
// replaced: the rewrite is refused (naming the file, the backup kept) instead.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, readdir } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import { applyFileRewrite } from '../../../src/core/files/fileRewrite';
import { caseDirs } from '../../support/store/storeFixtures';

const REWRITES = 24;
const editorScript = fileURLToPath(new URL('../../support/files/racingEditor.mjs', import.meta.url));

describe('atomic rewrite racing an editor', () => {
  const freshDir = caseDirs().fresh;

  test(`${REWRITES} rewrites under a racing editor lose none of its edits`, async (t) => {
    const dir = await freshDir();
    const file = join(dir, 'settings.json');
    const backups = join(dir, 'backups');
    await mkdir(backups);
    const editor = spawn(process.execPath, [editorScript, file], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    editor.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    editor.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    while (!out.includes('ready\n')) await once(editor.stdout, 'data');
    let written = 0;
    const refusals: string[] = [];
    for (let k = 1; k <= REWRITES; k++) {
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 4));
      // Like a scan, plan on a complete version (not on the editor's file caught mid-write, empty).
      let text = readFileSync(file, 'utf8');
      while (text === '') text = readFileSync(file, 'utf8');
      try {
        applyFileRewrite(file, text, `${text}ours ${k}\n`, { backupDir: backups });
        written++;
      } catch (error) {
        refusals.push(error instanceof Error ? error.message : String(error));
      }
    }
    editor.stdin.end();
    const [code] = (await once(editor, 'close')) as [number | null];
    assert.equal(code, 0, `the editor failed: ${err}`);
    const lost = [...out.matchAll(/^lost (\d+) (.*)$/gm)].map((m) => `edit ${m[1]} replaced by ${m[2]}`);
    const edits = [...out.matchAll(/^wrote \d+$/gm)].length;
    t.diagnostic(`${written} rewrites written, ${refusals.length} refused, ${lost.length} editor edits lost (of ${edits})`);
    assert.deepEqual(lost, [], `edits of the racing editor were silently replaced (${lost.length} of ${REWRITES} rewrites)`);
    for (const message of refusals) {
      assert.ok(message.includes(file), `the refusal names the file: ${message}`);
      assert.match(message, /changed/, message);
    }
    assert.ok(edits >= 5, `the editor really raced (${edits} edits)`);
    // A refusal after the backup was made keeps it: every rewrite that got that far has one.
    assert.ok((await readdir(backups)).length >= written);
  });
});
