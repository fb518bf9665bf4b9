import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dashboardHtml, makeNonce } from '../../../src/extension/dashboard/dashboardHtml';

const input = {
  cspSource: 'https://file+.vscode-resource.test',
  scriptUri: 'https://x.test/dist/webview/dashboard.js',
  styleUri: 'https://x.test/dist/webview/dashboard.css',
};

test('the CSP allows only nonce scripts and the webview source, nothing remote or inline', () => {
  const html = dashboardHtml({ ...input, nonce: 'abc123' });
  const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /script-src 'nonce-abc123'(;|$)/);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*|https?:\/\/(?!file\+)/);
  const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
  assert.equal(scripts.length, 1);
  assert.match(scripts[0]?.[1] ?? '', /nonce="abc123" src="https:\/\/x\.test\/dist\/webview\/dashboard\.js"/);
  assert.equal(scripts[0]?.[2], '', 'no inline script body');
  assert.doesNotMatch(html, /\son\w+=/, 'no inline event handlers');
});

test('a fresh nonce each time, long enough not to be guessed', () => {
  const a = makeNonce();
  const b = makeNonce();
  assert.notEqual(a, b);
  assert.ok(a.length >= 24);
  assert.match(a, /^[A-Za-z0-9_-]+$/);
});

test('uris are escaped into attributes', () => {
  const html = dashboardHtml({ ...input, scriptUri: 'https://x.test/a"b<c', nonce: 'n' });
  assert.match(html, /src="https:\/\/x\.test\/a&quot;b&lt;c"/);
});
