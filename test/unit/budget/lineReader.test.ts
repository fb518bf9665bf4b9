// The streaming line reader splits like readline (crlfDelay: Infinity) across its 1 MB read chunks.

import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { forEachLine } from '../../../src/core/budget/lineReader';

async function readlineLines(path: string): Promise<string[]> {
  const out: string[] = [];
  const rl = createInterface({ input: createReadStream(path, { encoding: 'utf-8' }), crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of rl) out.push(line);
  return out;
}

async function ours(path: string): Promise<string[]> {
  const out: string[] = [];
  await forEachLine(path, (l) => out.push(l ?? '<null>'));
  return out;
}

describe('forEachLine', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'aa-lines-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const cases: Record<string, string | Buffer> = {
    lf: 'a\nb\n\nc',
    crlf: 'a\r\nb\r\n\r\nc\r\n',
    loneCr: 'a\rb\r\rc\n',
    trailingCr: 'x\r',
    empty: '',
    unicode: 'é😀ü\n日本語\n',
  };
  for (const [name, content] of Object.entries(cases)) {
    test(`matches readline: ${name}`, async () => {
      const p = join(dir, `${name}.jsonl`);
      await writeFile(p, content);
      // readline drops the empty last line after a final break; blank lines are skipped by callers either way.
      assert.deepEqual(
        (await ours(p)).filter((l) => l !== ''),
        (await readlineLines(p)).filter((l) => l !== ''),
      );
    });
  }

  test('lines longer than the read chunk and multibyte characters across chunk edges', async () => {
    const long = 'é'.repeat(700_000); // 1.4 MB of 2-byte characters: crosses the 1 MB chunk mid-character
    const content = `${long}\nshort\n${'x'.repeat(3_000_000)}\nend`;
    const p = join(dir, 'long.jsonl');
    await writeFile(p, content);
    const got = await ours(p);
    assert.equal(got.length, 4);
    assert.equal(got[0], long);
    assert.equal(got[1], 'short');
    assert.equal(got[2]?.length, 3_000_000);
    assert.equal(got[3], 'end');
  });
});
