// package.json's contributions and the code must name the same commands, settings and views:
// a contributed command with no handler, or a handler with no contribution, fails here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CommandIds, SettingKeys, ViewIds } from '../../../src/extension/contributions';

const root = join(__dirname, '..', '..', '..');
interface Manifest {
  activationEvents: string[];
  contributes: {
    commands: { command: string; title: string; category: string; icon?: string }[];
    configuration: { properties: Record<string, { description?: string; markdownDescription?: string; default?: unknown }> };
    views: Record<string, { id: string }[]>;
    viewsContainers: { activitybar: { id: string }[] };
    viewsWelcome: { view: string; contents: string }[];
    menus: Record<string, { command: string }[]>;
  };
}
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Manifest;

function sources(dir: string): string {
  let text = '';
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) text += sources(full);
    else if (name.endsWith('.ts')) text += `\n${readFileSync(full, 'utf8')}`;
  }
  return text;
}
const extensionSource = sources(join(root, 'src', 'extension'));
const sorted = (xs: Iterable<string>): string[] => [...xs].sort();

test('contributed commands are exactly the command table, each registered by a handler', () => {
  const contributed = manifest.contributes.commands.map((c) => c.command);
  assert.deepEqual(sorted(contributed), sorted(Object.values(CommandIds)));
  const registered = new Set([...extensionSource.matchAll(/\b(?:registerCommand|reg)\(\s*CommandIds\.(\w+)/g)].map((m) => m[1]));
  assert.deepEqual(sorted([...registered].filter((x): x is string => !!x)), sorted(Object.keys(CommandIds)));
});

test('every command is in the Agent Affinity category; every command shown in a menu has an icon', () => {
  const inMenus = new Set(
    Object.values(manifest.contributes.menus)
      .flat()
      .map((m) => m.command),
  );
  for (const c of manifest.contributes.commands) {
    assert.equal(c.category, 'Agent Affinity', c.command);
    if (inMenus.has(c.command)) assert.ok(c.icon, `${c.command} is in a menu without an icon`);
  }
});

test('menus and welcome links name only contributed or built-in commands', () => {
  const known = new Set(Object.values(CommandIds) as string[]);
  const builtin = (c: string): boolean => c.startsWith('workbench.');
  for (const m of Object.values(manifest.contributes.menus).flat()) assert.ok(known.has(m.command) || builtin(m.command), m.command);
  for (const w of manifest.contributes.viewsWelcome) {
    for (const [, c] of w.contents.matchAll(/\(command:([\w.]+)\)/g)) assert.ok(c && (known.has(c) || builtin(c)), `welcome link ${c}`);
  }
});

test('settings are exactly the settings table, each described, defaulted and read', () => {
  const props = manifest.contributes.configuration.properties;
  assert.deepEqual(sorted(Object.keys(props)), sorted(Object.values(SettingKeys)));
  const clientId = /new LanguageClient\(\s*'([\w.]+)'/.exec(extensionSource)?.[1];
  for (const [key, value] of Object.entries(SettingKeys)) {
    const p = props[value];
    assert.ok(p?.description || p?.markdownDescription, `${value} has no description`);
    assert.ok(p && 'default' in p, `${value} has no default`);
    const readByClient = clientId !== undefined && value === `${clientId}.trace.server`;
    assert.ok(readByClient || new RegExp(`SettingKeys\\.${key}\\b`).test(extensionSource), `${value} is never read`);
  }
});

test('views: the container, the sessions view with a provider, and the dashboard serializer', () => {
  assert.deepEqual(
    manifest.contributes.viewsContainers.activitybar.map((c) => c.id),
    [ViewIds.container],
  );
  const views: string[] = Object.values(manifest.contributes.views)
    .flat()
    .map((v) => v.id);
  assert.deepEqual(views, [ViewIds.sessions]);
  const created = [...extensionSource.matchAll(/createTreeView\(\s*ViewIds\.(\w+)/g)].map((m) => ViewIds[m[1] as keyof typeof ViewIds]);
  assert.deepEqual(created, views);
  assert.ok(manifest.activationEvents.includes(`onWebviewPanel:${ViewIds.dashboardPanel}`));
  assert.match(extensionSource, /registerWebviewPanelSerializer\(\s*ViewIds\.dashboardPanel/);
  assert.ok(manifest.contributes.viewsWelcome.every((w) => (views as string[]).includes(w.view)));
});
