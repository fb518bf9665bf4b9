// Child of the SIGKILL test: opens the store (local or shared mode), then loops forever doing three updates and a flush,
// printing `ack <seq>` after each flush completes. The parent kills it at a random moment and
// checks the file still parses and holds at least the last acknowledged sequence number.
import { openJsonStore } from '../../../src/core/store/jsonStore';

export interface KillLoopData {
  seq: number;
  log: number[];
  pad: string;
}

const [file, mode] = process.argv.slice(2);
if (file === undefined) throw new Error('usage: killLoopChild <file> [local|shared]');
const padBytes = 32_768;

async function main(file: string): Promise<void> {
  const store = await openJsonStore<KillLoopData>({
    file,
    defaults: () => ({ seq: 0, log: [], pad: '' }),
    schemaVersion: 1,
    debounceMs: 0,
    shared: mode === 'shared', // Shared: a kill can also leave the lock file behind.
  });
  let seq = store.data.seq;
  process.stdout.write(`start ${seq}\n`);
  for (;;) {
    for (let k = 0; k < 3; k++) {
      const next = ++seq;
      store.update((d) => {
        d.seq = next;
        d.log.push(next);
        d.pad = String(next % 10).repeat(padBytes); // A large body: kills land inside writes.
      });
    }
    await store.flush();
    process.stdout.write(`ack ${seq}\n`);
  }
}

void main(file);
