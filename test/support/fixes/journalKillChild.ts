// Child of the learned-fix kill test: opens the store (journal folded in past a few KiB, so kills
// also land inside compactions), then loops forever: learns fix number i and counts one use of the
// shared fix, in one write, flushes, and prints `ack <i>`. The parent kills it at a random moment.
import { FixStore } from '../../../src/core/fixes/fixStore';
import { JsonFixRepository } from '../../../src/core/fixes/jsonFixRepository';

const [file, sharedId] = process.argv.slice(2);
if (file === undefined || sharedId === undefined) throw new Error('usage: journalKillChild <file> <sharedId>');

async function main(file: string, sharedId: string): Promise<void> {
  const repo = await JsonFixRepository.open({ file, fsync: false, debounceMs: 0, compactAtBytes: 8192, compactDelayMs: 0 });
  const store = await FixStore.open(repo);
  let next = 1 + Math.max(0, ...store.all().map((r) => (r.sessionId === 'kill' ? Number(r.taskId) : 0)));
  process.stdout.write(`start ${next}\n`);
  for (;;) {
    const i = next++;
    const diff = `--- a/k.ts\n+++ b/k.ts\n@@ -1,1 +1,1 @@\n-let k${i} = 0;\n+const k${i} = 0;\n`;
    const error = { message: `Cannot find name 'k${i}'.`, source: 'ts', code: 2304 };
    const learned = store.learn({ error, diff, origin: 'manual', sessionId: 'kill', taskId: String(i), now: i });
    const counted = store.applied(sharedId, i);
    await Promise.all([learned, counted]); // Both in the same journal line.
    await repo.flush();
    process.stdout.write(`ack ${i}\n`);
  }
}

void main(file, sharedId);
