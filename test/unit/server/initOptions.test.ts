import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseInitOptions } from '../../../src/server/initOptions';

test('parseInitOptions keeps valid fields and defaults the rest', () => {
  assert.deepEqual(parseInitOptions({ extensionVersion: '1.2.3', globalStorageDir: '/g', workspaceStorageDir: '/w', trusted: true }), {
    extensionVersion: '1.2.3', globalStorageDir: '/g', workspaceStorageDir: '/w', trusted: true,
  });
  assert.deepEqual(parseInitOptions(undefined), { extensionVersion: 'dev', globalStorageDir: '', trusted: false });
  assert.deepEqual(parseInitOptions({ trusted: 1, workspaceStorageDir: '' }), { extensionVersion: 'dev', globalStorageDir: '', trusted: false });
});
