// The test layers say what they run: nothing under test/unit starts a real agent CLI or an
// orchestrator process (those tests live under test/integration, see scripts/test.mjs), so the
// unit layer stays fast and needs no mock API.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, test } from 'node:test';
import { REPO_ROOT } from '../../support/fixturePaths';

/** Helpers that start an orchestrator process (test/support, without the extension). */
const ORCHESTRATOR_HELPERS = [
  'test/support/orchestratorProcess',
  'test/support/workspaceOrchestrator',
  'test/support/mockAnthropic/claudeServerSuite',
];
/** Names of the real CLIs' paths (node_modules/.bin/claude, codex, gemini), exported by the mock API helpers. */
const REAL_CLI_PATHS = /\breal(Claude|Codex|Gemini)Path\b/;
/** A real CLI or the orchestrator's entry named directly. */
const DIRECT =
  /node_modules\/\.bin\/(claude|codex|gemini)\b|['"`/]src\/server\/main(\.ts)?['"`]|['"`]src['"`],\s*['"`]server['"`],\s*['"`]main\.ts['"`]|dist\/server\.js/;

function sources(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) sources(full, out);
    else if (/\.(ts|mts|mjs|js|cjs)$/.test(name)) out.push(full);
  }
  return out;
}

/** What in `text` (the source of `file`) starts a real CLI or an orchestrator, one line per finding. */
function layerViolations(file: string, text: string): string[] {
  const found: string[] = [];
  const where = relative(REPO_ROOT, file);
  for (const m of text.matchAll(/(?:from|import|require)\s*\(?\s*['"]([^'"]+)['"]/g)) {
    const spec = m[1] ?? '';
    if (!spec.startsWith('.')) continue;
    const target = relative(REPO_ROOT, resolve(dirname(file), spec)).replace(/\.(ts|mjs|js)$/, '');
    if (ORCHESTRATOR_HELPERS.includes(target)) found.push(`${where} imports ${target} (starts an orchestrator process)`);
  }
  text.split('\n').forEach((line, i) => {
    if (/^\s*(\/\/|\*)/.test(line)) return;
    if (REAL_CLI_PATHS.test(line)) found.push(`${where}:${i + 1} uses a real CLI path: ${line.trim()}`);
    else if (DIRECT.test(line)) found.push(`${where}:${i + 1} names a real CLI or the orchestrator's entry: ${line.trim()}`);
  });
  return found;
}

describe('test layers', () => {
  test('nothing under test/unit imports the orchestrator-process helpers or a real CLI path', () => {
    const found = sources(join(REPO_ROOT, 'test', 'unit'))
      .filter((f) => f !== __filename) // its own examples name them on purpose
      .flatMap((f) => layerViolations(f, readFileSync(f, 'utf8')));
    assert.deepEqual(found, [], 'move such tests to test/integration');
  });

  test('the check finds each way a unit test could start them', () => {
    const file = join(REPO_ROOT, 'test', 'unit', 'x', 'y.test.ts');
    for (const bad of [
      "import { startOrchestratorProcess } from '../../support/orchestratorProcess';",
      "import { startWorkspaceOrchestrator } from '../../support/workspaceOrchestrator.ts';",
      "import { claudeServerSuite } from '../../support/mockAnthropic/claudeServerSuite';",
      "import { claudeTestEnv, realClaudePath } from '../../support/mockAnthropic/claudeEnv';",
      'const adapter = new CodexAdapter({ executable: realCodexPath });',
      "const cli = resolve('node_modules/.bin/gemini');",
      "fork(join(root, 'src', 'server', 'main.ts'), ['--node-ipc']);",
    ])
      assert.equal(layerViolations(file, bad).length, 1, bad);
    for (const fine of [
      "import { MockAnthropicServer } from '../../support/mockAnthropic/mockServer';",
      "import { fakeClaudePath } from '../../support/fakeAgents/fakeAgents';",
      "import { checkParams } from '../../../src/server/rpc';",
      '// the orchestrator process tests (test/integration) use realClaudePath',
    ])
      assert.deepEqual(layerViolations(file, fine), [], fine);
  });

  test('the integration layer holds the tests that do start them', () => {
    const integration = sources(join(REPO_ROOT, 'test', 'integration'));
    const starting = integration.filter((f) => layerViolations(f, readFileSync(f, 'utf8')).length > 0);
    assert.ok(starting.length >= 10, `${starting.length} of ${integration.length} integration files start a CLI or an orchestrator`);
  });
});
