import assert from 'node:assert/strict';
import { appendFileSync, chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { FileTranscriptStore, InMemoryTranscriptStore, type TranscriptEntry } from '../../../src/core/sessions/transcriptStore';

const entries: TranscriptEntry[] = [
  { at: 1, taskId: 't1', item: { type: 'task_start', text: 'fix login', attempt: 1 } },
  { at: 2, taskId: 't1', item: { type: 'text', text: 'Looking.', isSidechain: false } },
  { at: 3, taskId: 't1', item: { type: 'task_end', status: 'succeeded' } },
];

describe('transcript stores', () => {
  test('file store: appends in order, reads back, skips a torn line, deletes', async () => {
    const root = mkdtempSync(join(tmpdir(), 'aa-tr-'));
    const dir = join(root, 'transcripts');
    const store = new FileTranscriptStore(dir);
    await Promise.all(entries.map((e) => store.append('s-1', e)));
    appendFileSync(join(dir, 's-1.jsonl'), '{"at":4,"taskId":"t1","item":{"ty');
    assert.deepEqual(await store.read('s-1'), entries);
    assert.deepEqual(await store.read('s-2'), []);
    await store.delete('s-1');
    assert.deepEqual(await store.read('s-1'), []);
    await assert.rejects(store.append('../x', entries[0] as TranscriptEntry), /Invalid session id/);
    rmSync(root, { recursive: true, force: true });
  });

  test('file store: transcripts are private (0600), an older 0644 file included', async () => {
    const root = mkdtempSync(join(tmpdir(), 'aa-tr-'));
    const dir = join(root, 'transcripts');
    mkdirSync(dir);
    writeFileSync(join(dir, 's-old.jsonl'), '');
    chmodSync(join(dir, 's-old.jsonl'), 0o644);
    const store = new FileTranscriptStore(dir);
    await store.append('s-old', entries[0] as TranscriptEntry);
    await store.append('s-new', entries[0] as TranscriptEntry);
    assert.equal(statSync(join(dir, 's-old.jsonl')).mode & 0o777, 0o600);
    assert.equal(statSync(join(dir, 's-new.jsonl')).mode & 0o777, 0o600);
    rmSync(root, { recursive: true, force: true });
  });

  test('memory store keeps copies', async () => {
    const store = new InMemoryTranscriptStore();
    const e = structuredClone(entries[1] as TranscriptEntry);
    await store.append('s', e);
    e.taskId = 'changed';
    assert.equal((await store.read('s'))[0]?.taskId, 't1');
  });
});
