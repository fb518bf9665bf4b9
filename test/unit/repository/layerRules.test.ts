// The layer rules of ARCHITECTURE.md are enforced by folder, whatever the depth of a relative
// import: ESLint (eslint.config.mjs, eslint-plugin-boundaries) is run on imports each layer must not make.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { ESLint } from 'eslint';
import { REPO_ROOT } from '../../support/fixturePaths';

const eslint = new ESLint({ cwd: REPO_ROOT });

async function layerErrors(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${source}\nexport const used = imported;\n`, { filePath: join(REPO_ROOT, file) });
  return (result?.messages ?? [])
    .filter((m) => m.ruleId === 'boundaries/dependencies' || m.ruleId === 'no-restricted-imports')
    .map((m) => m.message);
}

describe('layer rules by folder', () => {
  const forbidden: [string, string][] = [
    ['src/core/routing/x.ts', "import { imported } from '../../server/orchestrator';"],
    ['src/core/x.ts', "import { imported } from '../server/orchestrator';"],
    ['src/core/routing/x.ts', "import { imported } from '../../protocol/routing';"],
    ['src/core/x.ts', "import * as imported from 'vscode';"],
    ['src/core/x.ts', "import * as imported from 'vscode-languageserver/node';"],
    ['src/protocol/x.ts', "import { imported } from '../core/routing/router';"],
    ['src/extension/routing/x.ts', "import { imported } from '../../core/routing/router';"],
    ['src/extension/routing/x.ts', "import { imported } from '../../server/orchestrator';"],
    ['src/server/routing/x.ts', "import { imported } from '../../extension/extension';"],
    ['src/cli/commands/x.ts', "import { imported } from '../../server/orchestrator';"],
    ['webview-ui/src/sections/x.ts', "import { imported } from '../../../src/core/routing';"],
    ['src/common/x.ts', "import { imported } from '../core/routing/router';"],
    ['src/common/x.ts', "import { imported } from '../protocol/routing';"],
  ];
  for (const [file, source] of forbidden) {
    test(`${file}: ${source}`, async () => {
      assert.notDeepEqual(await layerErrors(file, source), [], 'the import is refused');
    });
  }

  const allowed: [string, string][] = [
    ['src/server/routing/x.ts', "import { imported } from '../../core/routing/router';"],
    ['src/server/routing/x.ts', "import { imported } from '../../protocol/routing';"],
    ['src/extension/routing/x.ts', "import { imported } from '../../protocol/routing';"],
    ['src/cli/commands/x.ts', "import { imported } from '../../core/routing/router';"],
    ['webview-ui/src/sections/x.ts', "import { imported } from '../../../src/protocol/webviewMessages';"],
    ['src/core/routing/x.ts', "import { imported } from '../../common/format';"],
    ['webview-ui/src/sections/x.ts', "import { imported } from '../../../src/common/format';"],
  ];
  for (const [file, source] of allowed) {
    test(`allowed: ${file}: ${source}`, async () => {
      assert.deepEqual(await layerErrors(file, source), []);
    });
  }
});
