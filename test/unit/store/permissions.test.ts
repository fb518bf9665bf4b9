// Permission problems (EACCES). An unreadable file makes open fail with an error naming it and is
// neither quarantined nor overwritten; a read-only folder makes writes fail (reported, data kept,
// retried); a damaged file that cannot be moved aside opens read-only. Root ignores file modes,
// so when the tests run as root the scenarios run in a child process as user "nobody".
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { chown, mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { bundleChild } from '../../support/store/bundleChild';
import type { PermissionReport } from '../../support/store/permissionChild';
import { makeTempDir } from '../../support/store/storeFixtures';

const NOBODY = 65534;

describe('permissions', () => {
  let root: string;
  let cleanup: () => Promise<void>;
  let childDir: string;
  let report: PermissionReport;

  before(async () => {
    ({ dir: root, cleanup } = await makeTempDir());
    const bundle = await bundleChild('permissionChild');
    childDir = bundle.dir;
    const asRoot = process.getuid?.() === 0;
    const base = join(root, 'scenarios');
    await mkdir(base, { mode: 0o755 });
    for (const name of ['unreadable', 'read-only-folder', 'read-only-corrupt', 'read-only-shared', 'read-only-bad-record'])
      await mkdir(join(base, name));
    if (asRoot) {
      for (const path of [
        base,
        ...['unreadable', 'read-only-folder', 'read-only-corrupt', 'read-only-shared', 'read-only-bad-record'].map((n) => join(base, n)),
      ]) {
        await chown(path, NOBODY, NOBODY);
      }
      await chown(root, NOBODY, NOBODY);
    }
    const child = spawn(process.execPath, [bundle.script, base], {
      stdio: ['ignore', 'pipe', 'pipe'],
      cwd: childDir,
      ...(asRoot ? { uid: NOBODY, gid: NOBODY } : {}),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const [code] = (await once(child, 'close')) as [number | null];
    assert.equal(code, 0, `permission scenarios failed to run: ${stderr}`);
    report = JSON.parse(stdout) as PermissionReport;
  });
  after(async () => {
    await cleanup();
    await rm(childDir, { recursive: true, force: true });
  });

  test('an unreadable file fails the open with an error naming the file, and is left as it was', () => {
    const r = report.unreadable;
    assert.equal(r.rejected, true);
    assert.equal(r.errorName, 'StoreAccessError');
    assert.equal(r.code, 'EACCES');
    assert.ok(r.message.includes(join(root, 'scenarios', 'unreadable', 'store.json')), r.message);
    assert.equal(r.unchanged, true);
    assert.deepEqual(r.listing, ['store.json'], 'not quarantined, nothing else written');
  });

  test('in a read-only folder writes fail, are reported, keep the data and succeed once writable', () => {
    const r = report.readOnlyFolder;
    assert.deepEqual(r.loaded, ['on disk']);
    assert.match(r.flushError, /EACCES/);
    assert.deepEqual(r.problemKinds, ['writeFailed']);
    assert.ok(r.problemMessage.includes('store.json') && r.problemMessage.includes('retried'));
    assert.deepEqual(r.keptInMemory, ['on disk', 'unsaved']);
    assert.deepEqual(r.afterRepair, ['on disk', 'unsaved', 'after repair']);
  });

  test('a damaged file that cannot be moved aside opens read-only and is not touched', () => {
    const r = report.readOnlyCorrupt;
    assert.deepEqual(r.problemKinds, ['quarantineFailed']);
    assert.match(r.readOnlyReason, /could not move it aside/);
    assert.equal(r.updateThrows, true);
    assert.equal(r.unchanged, true);
    assert.deepEqual(r.listing, ['store.json']);
  });

  test('a shared store in a read-only folder opens without its lock and reports failed writes', () => {
    const r = report.readOnlySharedFolder;
    assert.deepEqual(r.loaded, ['on disk']);
    assert.match(r.flushError, /EACCES/);
    assert.deepEqual(r.problemKinds, ['writeFailed']);
  });

  test('a bad record that cannot be set aside (read-only folder) leaves the file untouched, opened read-only with the other records', () => {
    const r = report.readOnlyBadRecord;
    assert.deepEqual(r.loaded, ['good']);
    assert.deepEqual(r.problemKinds, ['quarantineFailed']);
    assert.match(r.readOnlyReason, /could not keep it aside/);
    assert.equal(r.unchanged, true);
    assert.deepEqual(r.listing, ['store.json']);
  });
});
