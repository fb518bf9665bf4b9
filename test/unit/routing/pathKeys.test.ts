import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PathKeys } from '../../../src/core/routing/pathKeys';

test('one folder: workspace-relative keys, nothing outside', () => {
  const k = new PathKeys(['/w/app']);
  assert.equal(k.key('/w/app/src/a.ts'), 'src/a.ts');
  assert.equal(k.key('src/b.ts'), 'src/b.ts');
  assert.equal(k.key('/w/other/x.ts'), undefined);
  assert.equal(k.key('/w/app'), undefined);
  assert.equal(k.absolute('src/a.ts'), '/w/app/src/a.ts');
  assert.deepEqual(k.globs('/w/app', ['api/**']), ['api/**']);
  assert.equal(k.folderLabel('/w/app'), '');
});

test('several folders: keys and globs carry the folder name', () => {
  const k = new PathKeys(['/w/api', '/w/web']);
  assert.equal(k.key('/w/web/src/App.tsx'), 'web/src/App.tsx');
  assert.equal(k.key('src/x.ts', '/w/api'), 'api/src/x.ts');
  assert.deepEqual(k.globs('/w/web', ['src/**']), ['web/src/**']);
  assert.equal(k.absolute('web/src/App.tsx'), '/w/web/src/App.tsx');
  assert.equal(k.folderLabel('/w/api'), 'api');
});

test('a name that starts with two dots is inside its folder; .. and ../x are not', () => {
  const keys = new PathKeys(['/w']);
  assert.equal(keys.key('/w/..cache/notes.md'), '..cache/notes.md');
  assert.equal(keys.key('/w/../x.ts'), undefined);
  assert.equal(keys.key('/x.ts'), undefined);
});
