// One file, planned: read it (whatever agent it belongs to), consolidate, and produce the new
// text for a diff. Nothing is written here; see atomicWrite for applying a plan.
import { basename } from 'node:path';
import { consolidateCommandLists, detectListFileKind, findCommandLists, listFindings } from './commandLists';
import type { ListFileKind } from './commandLists';
import { parseCodexConfig, parseCodexRules } from './codexPolicy';
import { CONSOLIDATION_LIMITS, consolidate } from './consolidate';
import type { Change, ConsolidateOptions, Finding, RuleScope } from './consolidationTypes';
import { renderJsonArrays } from './jsonArrayWriter';
import type { AgentKind } from './scopes';
import { parseSettingsText, readTextFile, renderSettingsFile } from './settingsFile';
import type { RuleLists } from './types';

export type FilePlan =
  | { ok: false; path: string; error: string }
  | {
      ok: true;
      path: string;
      agent: AgentKind;
      scope: RuleScope;
      /** Codex files and managed settings: findings only, never rewritten. */
      reportOnly: boolean;
      originalText: string;
      /** The proposed file text (equal to originalText when nothing changes). */
      newText: string;
      before: number;
      after: number;
      changes: Change[];
      findings: Finding[];
      /** Claude files: the lists before and after. */
      lists?: { before: RuleLists<string>; after: RuleLists<string> };
      verification?: { probes: number; mismatches: number; reverted: number };
    };

export interface PlanOptions extends ConsolidateOptions {
  maxBytes?: number;
  /** The user's home (to recognise user-scope files). */
  home?: string;
}

/** Guesses a Claude settings file's scope from its path. */
export function scopeOfPath(path: string, home?: string): RuleScope {
  const p = path.replace(/\\/g, '/');
  if (/managed-settings/.test(p)) return 'managed';
  if (p.endsWith('/.claude/settings.local.json') || basename(p) === 'settings.local.json') return 'local';
  if (home !== undefined && p === `${home.replace(/\\/g, '/').replace(/\/$/, '')}/.claude/settings.json`) return 'user';
  if (p.endsWith('/.claude/settings.json')) return 'project';
  return 'other';
}

/** Plans the consolidation of one file. Never throws; unreadable files give `ok: false` with the reason. */
export function planFile(path: string, options: PlanOptions = {}): FilePlan {
  try {
    return planFileUnsafe(path, options);
  } catch (e) {
    // A bug must never turn into a write: report it as an unusable file.
    return {
      ok: false,
      path,
      error: `${path}: internal error while consolidating (${e instanceof Error ? e.message : String(e)}); nothing would be written`,
    };
  }
}

function planFileUnsafe(path: string, options: PlanOptions): FilePlan {
  const read = readTextFile(path, options.maxBytes !== undefined ? { maxBytes: options.maxBytes } : {});
  if (!read.ok) return read;
  const text = read.text;
  if (/\.(rules|codexpolicy)$/.test(path) || basename(path) === 'config.toml') {
    const report = basename(path) === 'config.toml' ? parseCodexConfig(text) : parseCodexRules(text);
    return {
      ok: true,
      path,
      agent: 'codex',
      scope: 'other',
      reportOnly: true,
      originalText: text,
      newText: text,
      before: report.rules.length,
      after: report.rules.length,
      changes: [],
      findings: report.findings,
    };
  }
  const listKind = /"permissions"\s*:/.test(text) ? undefined : detectListFileKind(text);
  if (listKind !== undefined) return planListFile(path, text, listKind);
  const parsed = parseSettingsText(text, path);
  if (!parsed.ok) return parsed;
  const scope = options.scope ?? scopeOfPath(path, options.home);
  const result = consolidate(parsed.lists, { ...options, scope, source: path });
  const readOnly = scope === 'managed';
  const newLists: Partial<RuleLists<string>> = {};
  for (const list of ['allow', 'ask', 'deny'] as const) {
    if (parsed.present[list] || result.rules[list].length > 0) newLists[list] = result.rules[list];
  }
  let newText = text;
  if (!readOnly && result.changes.length > 0) {
    try {
      newText = renderSettingsFile(text, newLists);
    } catch (e) {
      return { ok: false, path, error: `${path}: cannot render the new file (${e instanceof Error ? e.message : String(e)})` };
    }
    const check = parseSettingsText(newText, path);
    const same =
      check.ok && (['allow', 'ask', 'deny'] as const).every((l) => JSON.stringify(check.lists[l]) === JSON.stringify(result.rules[l]));
    if (!same)
      return {
        ok: false,
        path,
        error: `${path}: internal check failed (the rendered file does not read back as the consolidated rules); nothing would be written`,
      };
  }
  return {
    ok: true,
    path,
    agent: 'claude',
    scope,
    reportOnly: readOnly,
    originalText: text,
    newText,
    before: result.before,
    after: readOnly ? result.before : result.after,
    changes: readOnly ? [] : result.changes,
    findings: [
      ...parsed.findings,
      ...result.findings,
      ...(readOnly && result.changes.length > 0
        ? [
            {
              kind: 'report' as const,
              severity: 'info' as const,
              message: `managed settings are read-only here; ${result.before - result.after} rules could be consolidated by an administrator`,
            },
          ]
        : []),
    ],
    lists: { before: parsed.lists, after: readOnly ? parsed.lists : result.rules },
    verification: {
      probes: result.verification.probes,
      mismatches: result.verification.mismatches.length,
      reverted: result.verification.reverted,
    },
  };
}

function planListFile(path: string, text: string, kind: ListFileKind): FilePlan {
  let lists;
  try {
    lists = findCommandLists(text, kind);
  } catch (e) {
    return { ok: false, path, error: `${path}: ${e instanceof Error ? e.message : String(e)}` };
  }
  const entries = lists.reduce((n, l) => n + l.values.length, 0);
  if (entries > CONSOLIDATION_LIMITS.maxRules) {
    return {
      ok: true,
      path,
      agent: kind,
      scope: 'other',
      reportOnly: false,
      originalText: text,
      newText: text,
      before: entries,
      after: entries,
      changes: [],
      findings: [
        {
          kind: 'limit',
          severity: 'error',
          message: `${path}: ${entries} entries, more than the ${CONSOLIDATION_LIMITS.maxRules} one consolidation reads; nothing was changed`,
        },
        ...listFindings(lists),
      ],
    };
  }
  const results = consolidateCommandLists(lists, kind);
  const changes = results.flatMap((r) => r.changes);
  let newText = text;
  if (changes.length > 0) {
    try {
      newText = renderJsonArrays(
        text,
        results.map((r) => ({ path: r.path, values: r.after })),
      );
    } catch (e) {
      return { ok: false, path, error: `${path}: cannot render the new file (${e instanceof Error ? e.message : String(e)})` };
    }
  }
  const count = (xs: string[][]): number => xs.reduce((n, x) => n + x.length, 0);
  return {
    ok: true,
    path,
    agent: kind,
    scope: 'other',
    reportOnly: false,
    originalText: text,
    newText,
    before: count(results.map((r) => r.before)),
    after: count(results.map((r) => r.after)),
    changes,
    findings: listFindings(lists),
  };
}
