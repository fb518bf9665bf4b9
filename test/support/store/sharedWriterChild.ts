// Child of the cross-process test: one "window" applying COUNT updates to a shared store, each
// flushed under the lock. Waits for "go" on stdin so both writers really run at the same time.
import { once } from 'node:events';
import { type StoreProblem } from '../../../src/core/store/storeTypes';
import { openJsonStore } from '../../../src/core/store/jsonStore';

export interface SharedData {
  total: number;
  perWriter: Record<string, number>;
  ids: string[];
}

const [file, writer, countText] = process.argv.slice(2);
if (file === undefined || writer === undefined) throw new Error('usage: sharedWriterChild <file> <writer> <count>');
const count = Number(countText ?? 1000);
async function main(file: string, writer: string): Promise<void> {
  const problems: StoreProblem[] = [];

  const store = await openJsonStore<SharedData>({
    file,
    defaults: () => ({ total: 0, perWriter: {}, ids: [] }),
    schemaVersion: 1,
    shared: true,
    debounceMs: 0,
    fsync: false, // Durability against power loss is not what this test is about; contention is.
    lock: { timeoutMs: 60_000 },
    onProblem: (problem) => problems.push(problem),
  });
  process.stdout.write('ready\n');
  await once(process.stdin, 'data');
  for (let i = 0; i < count; i++) {
    store.update((d) => {
      d.total++;
      d.perWriter[writer] = (d.perWriter[writer] ?? 0) + 1;
      d.ids.push(`${writer}:${i}`);
    });
    await store.flush();
  }
  await store.close();
  process.stdout.write(
    `${JSON.stringify({ writes: store.stats.writes, reads: store.stats.reads, problems: problems.map((p) => p.message) })}\n`,
  );
  process.stdin.destroy();
}

void main(file, writer);
