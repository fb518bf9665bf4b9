// One user-facing severity per store problem, decided in the core and used by every feature (they
// used to map the kinds themselves, with three different results for the same problem).
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import { storeProblemReport, storeProblemSeverity } from '../../../src/core/store/storeProblems';
import { type StoreProblem } from '../../../src/core/store/storeTypes';

const error = new Error('EACCES');
const problems: Record<StoreProblem['kind'], StoreProblem> = {
  quarantined: { kind: 'quarantined', file: '/s/a.json', quarantinePath: '/s/a.corrupt-1.json', reason: 'bad', message: 'm' },
  quarantineFailed: { kind: 'quarantineFailed', file: '/s/a.json', reason: 'bad', error, message: 'm' },
  recordsQuarantined: {
    kind: 'recordsQuarantined',
    file: '/s/a.json',
    quarantinePath: '/s/a.bad-records-1.json',
    reasons: ['session "s-1": name: expected a string, found a number'],
    message: 'm',
  },
  newerVersion: { kind: 'newerVersion', file: '/s/a.json', fileVersion: 3, knownVersion: 2, message: 'm' },
  writeFailed: { kind: 'writeFailed', file: '/s/a.json', error, message: 'm' },
  updateDropped: { kind: 'updateDropped', file: '/s/a.json', error, message: 'm' },
  staleLockBroken: { kind: 'staleLockBroken', file: '/s/a.json', lockFile: '/s/a.json.lock', holder: 'pid 1', message: 'm' },
};

describe('store problems shown to the user', () => {
  test('changes not saved or a file unusable are errors, data set aside or read-only warnings, a broken stale lock info', () => {
    const severities = Object.fromEntries(Object.entries(problems).map(([kind, p]) => [kind, storeProblemSeverity(p)]));
    assert.deepEqual(severities, {
      quarantined: 'warning',
      quarantineFailed: 'error',
      recordsQuarantined: 'warning',
      newerVersion: 'warning',
      writeFailed: 'error',
      updateDropped: 'warning',
      staleLockBroken: 'info',
    });
  });

  test('the report opens the copy set aside when there is one, else the store file', () => {
    assert.deepEqual(storeProblemReport(problems.quarantined), { severity: 'warning', message: 'm', file: '/s/a.corrupt-1.json' });
    assert.deepEqual(storeProblemReport(problems.recordsQuarantined), {
      severity: 'warning',
      message: 'm',
      file: '/s/a.bad-records-1.json',
    });
    assert.deepEqual(storeProblemReport(problems.writeFailed), { severity: 'error', message: 'm', file: '/s/a.json' });
  });

  test('no feature of the orchestrator decides a store problem’s severity itself', () => {
    const server = fileURLToPath(new URL('../../../src/server', import.meta.url));
    const own: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (/\b(staleLockBroken|writeFailed|quarantineFailed)\b/.test(readFileSync(path, 'utf8'))) own.push(path);
      }
    };
    walk(server);
    assert.deepEqual(own, [], 'use storeProblemReport / storeProblemSeverity from src/core/store');
  });
});
