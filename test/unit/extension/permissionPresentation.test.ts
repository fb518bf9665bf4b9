// Words of the permission-consolidation UI, the dashboard messages it adds, and the risk-policy
// setting's default (package.json) kept equal to the engine's built-in list.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_RISK_POLICY } from '../../../src/core/permissions/riskPolicy';
import {
  appliedMessage,
  confirmDetail,
  displayPath,
  extraCoverageLines,
  fileGroup,
  fileRow,
  planTotals,
  recordLine,
  refusedMessage,
  summaryTitle,
} from '../../../src/extension/permissions/permissionPresentation';
import { PlanPermissionsRequest, type PermissionFilePlan } from '../../../src/protocol/permissions';
import { checkParams } from '../../../src/server/rpc';
import { isWebviewToHostMessage } from '../../../src/protocol/webviewMessages';

const changed: PermissionFilePlan = {
  ok: true,
  folder: '/w/app',
  path: '/w/app/.claude/settings.local.json',
  agent: 'claude',
  scope: 'local',
  reportOnly: false,
  changed: true,
  before: 10,
  after: 4,
  originalText: 'a',
  newText: 'b',
  changes: [
    { tier: 'exact', kind: 'duplicate', list: 'allow', removed: ['Bash(ls)'], added: [], reason: 'duplicate' },
    {
      tier: 'generalize',
      kind: 'mergeSubcommands',
      list: 'allow',
      removed: ['Bash(git add a)', 'Bash(git add b)'],
      added: ['Bash(git add *)'],
      reason: 'merged',
      extraCoverage: 'git add of any path',
    },
  ],
  findings: [{ kind: 'credential', severity: 'error', message: 'token' }],
};
const unchanged: PermissionFilePlan = {
  ...changed,
  path: '/home/u/.claude/settings.json',
  scope: 'user',
  changed: false,
  before: 2,
  after: 2,
  changes: [],
  findings: [],
};
const broken: PermissionFilePlan = {
  ok: false,
  folder: '/w/app',
  path: '/w/app/.claude/settings.json',
  scope: 'project',
  error: 'settings.json: bad JSON at line 3',
};

describe('permission presentation', () => {
  test('groups, totals and the summary title', () => {
    assert.deepEqual([changed, unchanged, broken].map(fileGroup), ['rewrite', 'unchanged', 'skipped']);
    const plan = {
      files: [changed, unchanged, broken],
      folders: [{ folder: '/w/app', before: 12, after: 6, findings: [{ kind: 'crossScope', severity: 'info' as const, message: 'dup' }] }],
      generalize: true,
    };
    assert.deepEqual(planTotals(plan), { files: 3, before: 12, after: 6, findings: 2, skipped: 1, rewritable: 1 });
    assert.equal(
      summaryTitle(plan),
      'Consolidate Permissions (generalizing): 3 file(s), rules 12 → 6, 2 finding(s), 1 unreadable (skipped)',
    );
  });

  test('file rows name rules, scope, findings, widenings and the reason a file is skipped', () => {
    const row = fileRow(changed);
    assert.equal(row.label, '.claude/settings.local.json');
    assert.equal(row.description, '10 → 4 rules');
    assert.equal(row.detail, '1 widen what is allowed: Bash(git add *) · 1 finding(s) · 2 change(s) · app · local (personal)');
    assert.equal(fileRow(unchanged, '/home/u').label, '~/.claude/settings.json');
    assert.equal(fileRow(broken).description, 'skipped');
    assert.equal(fileRow(broken).detail, 'app · project (shared) · settings.json: bad JSON at line 3');
  });

  test('the confirmation lists the files, the extra coverage, the skipped files and the backup', () => {
    assert.deepEqual(extraCoverageLines([changed, broken]), ['• Bash(git add *): git add of any path (replaces 2 rule(s))']);
    const removal: PermissionFilePlan = {
      ...changed,
      changes: [
        {
          tier: 'generalize',
          kind: 'builtinReadOnly',
          list: 'allow',
          removed: ['Bash(ls -la)'],
          added: [],
          reason: 'built in',
          extraCoverage: 'prompts again for redirects',
        },
      ],
    };
    assert.deepEqual(extraCoverageLines([removal]), ['• drops Bash(ls -la): prompts again for redirects']);
    const detail = confirmDetail([changed], [broken]);
    assert.match(detail, /app\/\.claude\/settings\.local\.json: 10 → 4 rules/);
    assert.match(detail, /Generalizing widens what is allowed:\n• Bash\(git add \*\)/);
    assert.match(detail, /Skipped \(cannot be read, not written\):\n• settings\.json: bad JSON/);
    assert.match(detail, /backup/);
  });

  test('outcome messages', () => {
    assert.match(
      appliedMessage({ applied: [{ path: '/p', scope: 'local', backupPath: '/p.bak', before: 9, after: 3 }], refused: [] }),
      /1 permission file\(s\), rules 9 → 3; backups kept \(\/p\.bak\)/,
    );
    assert.match(
      refusedMessage([{ path: '/p', reason: '/p: the file changed on disk since it was read; nothing was written (scan again)' }]),
      /not written: .*changed on disk.* Run Consolidate Permissions again/,
    );
    assert.equal(
      recordLine({ folder: '/w', at: 0, generalize: true, files: [], before: 5, after: 2, findings: 1, undoneAt: 3 }),
      '0 file(s), rules 5 → 2, 1 finding(s), generalized (undone)',
    );
    assert.equal(displayPath('/elsewhere/x.json', '/w'), '/elsewhere/x.json');
  });

  test('the dashboard may ask for consolidate and undo', () => {
    assert.ok(isWebviewToHostMessage({ type: 'consolidatePermissions' }));
    assert.ok(isWebviewToHostMessage({ type: 'undoPermissionConsolidation' }));
  });

  test("the neverGeneralize setting defaults to the engine's built-in risk list", () => {
    const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as {
      contributes: { configuration: { properties: Record<string, { default?: unknown }> } };
    };
    assert.deepEqual(
      manifest.contributes.configuration.properties['agentAffinity.permissions.neverGeneralize']?.default,
      DEFAULT_RISK_POLICY.risky,
    );
  });
});

describe('the pruning tier in the Consolidate Permissions flow', () => {
  const pruned: PermissionFilePlan = {
    ...changed,
    changes: [
      {
        tier: 'prune',
        kind: 'oneOff',
        list: 'allow',
        removed: ['Bash(kill 33668)'],
        added: [],
        reason: 'a one-off approval',
        evidence: [{ kind: 'processId', text: '33668', why: 'a process id; it will not recur' }],
      },
    ],
  };

  test('the title, the row and the confirmation name what is pruned and why', () => {
    const plan = { files: [pruned], folders: [], generalize: true, prune: true };
    assert.match(summaryTitle(plan), /^Consolidate Permissions \(generalizing and pruning one-offs\): /);
    assert.match(summaryTitle({ ...plan, generalize: false }), /^Consolidate Permissions \(pruning one-offs\): /);
    assert.match(fileRow(pruned).detail, /1 one-off approval\(s\) pruned/);
    const detail = confirmDetail([pruned], []);
    assert.match(detail, /Pruning removes approvals of one moment \(they will be asked for again\):/);
    assert.match(detail, /• Bash\(kill 33668\) — 33668: a process id; it will not recur/);
    assert.match(
      recordLine({ folder: '/w', at: 0, generalize: false, prune: true, files: [], before: 3, after: 1, findings: 0 }),
      /one-offs pruned/,
    );
  });

  test('the orchestrator receives the prune choice (the params schema keeps it)', () => {
    assert.deepEqual(checkParams(PlanPermissionsRequest.method, { generalize: true, prune: true }), { generalize: true, prune: true });
  });
});
