// Typed store sets: a key→type map with one spec per key opens every store in one folder, typed
// per key; a failure to open one closes the others.
import assert from 'node:assert/strict';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { type StoreSpecs, closeStores, defineStore, openStores } from '../../../src/core/store/storeSpec';
import { makeTempDir } from '../../support/store/storeFixtures';

interface SessionsData {
  sessions: Array<{ id: string; name: string }>;
}
interface RoutingData {
  decisions: number;
}
interface WorkspaceStores {
  sessions: SessionsData;
  routing: RoutingData;
}

const workspaceStores: StoreSpecs<WorkspaceStores> = {
  sessions: defineStore({
    fileName: 'sessions.json',
    schemaVersion: 2,
    defaults: (): SessionsData => ({ sessions: [] }),
    migrations: [
      {
        from: 1,
        description: 'sessions get names',
        migrate: (d) => ({ sessions: (d['ids'] as string[]).map((id) => ({ id, name: id })) }),
      },
    ],
  }),
  routing: defineStore({ fileName: 'routing.json', schemaVersion: 1, defaults: (): RoutingData => ({ decisions: 0 }) }),
};

describe('store specs', () => {
  let root: string;
  let cleanup: () => Promise<void>;
  before(async () => ({ dir: root, cleanup } = await makeTempDir()));
  after(() => cleanup());

  test('a key→type map opens typed stores in one folder', async () => {
    const folder = join(root, 'workspace');
    await mkdir(folder);
    await writeFile(join(folder, 'sessions.json'), JSON.stringify({ schemaVersion: 1, ids: ['auth'] }));
    const stores = await openStores(folder, workspaceStores, { debounceMs: 0 });
    assert.deepEqual(stores.sessions.data.sessions, [{ id: 'auth', name: 'auth' }]);
    stores.routing.update((d) => void d.decisions++);
    await closeStores(stores);
    assert.deepEqual((await readdir(folder)).sort(), ['routing.json', 'sessions.json', 'sessions.v1.backup.json']);
    assert.equal(JSON.parse(await readFile(join(folder, 'sessions.json'), 'utf8')).schemaVersion, 2);
    assert.equal(JSON.parse(await readFile(join(folder, 'routing.json'), 'utf8')).decisions, 1);
  });

  test('if one store cannot open, the set fails and the others are closed', async () => {
    const folder = join(root, 'broken');
    await mkdir(folder);
    await mkdir(join(folder, 'routing.json')); // A folder where the file should be: unreadable.
    await assert.rejects(openStores(folder, workspaceStores), /routing\.json/);
  });
});
