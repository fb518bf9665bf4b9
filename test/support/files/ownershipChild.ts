// Child of the ownership tests, run as an unprivileged user (the parent runs as root): tries to
// rewrite files it may or may not write and prints what happened as one JSON line. The parent
// sets the files up (owners, modes) and makes the assertions.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyFileRewrite } from '../../../src/core/files/fileRewrite';
import { writeFileAtomic, writeFileAtomicSync } from '../../../src/core/files/atomicWrite';

export interface Attempt {
  readonly ok: boolean;
  readonly errorName: string;
  readonly reason: string;
  readonly message: string;
}

export interface OwnershipReport {
  /** A root-owned 0644 file in a folder this user may write: every form of write must refuse it. */
  readonly rootOwned: { readonly rewrite: Attempt; readonly sync: Attempt; readonly async: Attempt };
  /** A root-owned file this user may write through its group (0664): written, in place. */
  readonly groupWritable: { readonly rewrite: Attempt };
}

async function attempt(run: () => unknown): Promise<Attempt> {
  try {
    await run();
    return { ok: true, errorName: '', reason: '', message: '' };
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    const reason = (e as { reason?: unknown }).reason;
    return { ok: false, errorName: e.name, reason: typeof reason === 'string' ? reason : '', message: e.message };
  }
}

async function main(base: string): Promise<void> {
  const rootOwned = join(base, 'root-owned', 'settings.json');
  const rootText = readFileSync(rootOwned, 'utf8');
  const shared = join(base, 'group-writable', 'settings.json');
  const sharedText = readFileSync(shared, 'utf8');
  const report: OwnershipReport = {
    rootOwned: {
      rewrite: await attempt(() => applyFileRewrite(rootOwned, rootText, '{"replaced": true}')),
      sync: await attempt(() => writeFileAtomicSync(rootOwned, '{"replaced": true}')),
      async: await attempt(() => writeFileAtomic(rootOwned, '{"replaced": true}')),
    },
    groupWritable: { rewrite: await attempt(() => applyFileRewrite(shared, sharedText, '{"rewritten": true}')) },
  };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

const base = process.argv[2];
if (base === undefined) throw new Error('usage: ownershipChild <folder>');
void main(base);
