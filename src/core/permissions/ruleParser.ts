// Parses Claude Code permission rule strings into their forms (PERMISSIONS-REFERENCE 1.4).
// Anything not understood is kept verbatim as `unparsed` with a flag; nothing is ever dropped.
import { compileCommandPattern, unescapeSpecifier } from './commandPattern';
import { splitMcpName } from './namePatterns';
import { pathAnchorOf } from './pathPattern';
import { hasUnclosedQuote, shellWords, splitCommand } from './shellSplit';
import { withoutTrailingWord } from './textScan';
import type { ListName, ParsedRule, RuleFlag, RuleForm } from './types';

/** Tools Claude Code knows, current and legacy names. */
export const KNOWN_TOOLS: ReadonlySet<string> = new Set([
  'Agent',
  'Task',
  'Bash',
  'BashOutput',
  'KillBash',
  'KillShell',
  'Edit',
  'MultiEdit',
  'Write',
  'Read',
  'NotebookEdit',
  'NotebookRead',
  'Glob',
  'Grep',
  'LS',
  'WebFetch',
  'WebSearch',
  'TodoWrite',
  'TodoRead',
  'Skill',
  'SlashCommand',
  'ExitPlanMode',
  'EnterPlanMode',
  'AskUserQuestion',
  'PowerShell',
  'Cd',
  'ListMcpResourcesTool',
  'ReadMcpResourceTool',
  'TaskOutput',
  'TaskStop',
  'TaskCreate',
  'TaskUpdate',
  'TaskList',
  'TaskGet',
  'Monitor',
  'LSP',
  'ToolSearch',
  'EnterWorktree',
  'ExitWorktree',
  'SendMessage',
]);

/** Spellings seen in the wild that are not tool names, with the tool that was meant. */
export const NON_CANONICAL_TOOLS: Readonly<Record<string, string>> = {
  Fetch: 'WebFetch',
  'Web Search': 'WebSearch',
  'Web Fetch': 'WebFetch',
  bash: 'Bash',
  Shell: 'Bash',
};

/** Tools whose path specifiers are accepted but never consulted (only Read and Edit are). */
export const NEVER_CONSULTED_PATH_TOOLS: ReadonlySet<string> = new Set(['Write', 'MultiEdit', 'NotebookEdit', 'Glob']);

const PATH_TOOLS = new Set(['Read', 'Edit']);
const COMMAND_TOOLS = new Set(['Bash', 'PowerShell']);
const BASH_PARAMS = new Set(['run_in_background', 'timeout', 'description', 'dangerouslyDisableSandbox']);
/** Bash parameters that are also the names of commands: `Bash(<name>:*)` reads two ways. */
const COMMAND_NAMED_PARAMS = new Set(['timeout']);
const TOOL_NAME = /^[A-Za-z_*][A-Za-z0-9_\-*.]*$/;

/**
 * Memo of parsed rules (they are never mutated after parsing), by list then text. Consolidation
 * parses the same strings many times (each tier, the index, the check); bounded so it cannot grow forever.
 */
const parseCache = new Map<string, Map<string, ParsedRule>>();
let parseCount = 0;

/** Parses one rule. `list` lets the parser flag forms that only some lists honour. */
export function parseRule(raw: string, list?: ListName): ParsedRule {
  const key = list ?? '';
  let byText = parseCache.get(key);
  if (byText === undefined) {
    byText = new Map();
    parseCache.set(key, byText);
  }
  const hit = byText.get(raw);
  if (hit !== undefined) return hit;
  const parsed = parseRuleUncached(raw, list);
  if (++parseCount > 50_000) {
    parseCache.clear();
    parseCount = 0;
    byText = new Map();
    parseCache.set(key, byText);
  }
  byText.set(raw, parsed);
  return parsed;
}

/**
 * `Tool(specifier)`: the tool is the text before the first `(` (no `)` in it, trailing spaces
 * dropped), the specifier everything up to the final `)`. Written without a regex: the lazy
 * `^([^()]*?)\s*\(` form backtracks quadratically on long runs of spaces.
 */
function ruleShape(text: string): { tool: string; specifier: string } | undefined {
  const open = text.indexOf('(');
  if (open < 0 || !text.endsWith(')') || text.length < open + 2) return undefined;
  const head = text.slice(0, open);
  if (head.includes(')')) return undefined;
  return { tool: head.trimEnd(), specifier: text.slice(open + 1, -1) };
}

function parseRuleUncached(raw: string, list?: ListName): ParsedRule {
  const text = raw.trim();
  const flags: RuleFlag[] = [];
  const notes: string[] = [];
  const done = (tool: string, specifier: string | undefined, form: RuleForm): ParsedRule => ({ raw, tool, specifier, form, flags, notes });

  let tool = text;
  let specifier: string | undefined;
  if (text.includes('(') || text.includes(')')) {
    const shape = ruleShape(text);
    if (!shape) {
      flags.push('unbalancedParens');
      notes.push('not of the form Tool or Tool(specifier)');
      return done(text, undefined, { kind: 'unparsed' });
    }
    tool = shape.tool;
    specifier = shape.specifier;
  }

  const canonical = NON_CANONICAL_TOOLS[tool];
  if (canonical !== undefined) {
    flags.push('nonCanonicalTool');
    notes.push(`"${tool}" is not a Claude Code tool name (did you mean ${canonical}?)`);
    return done(tool, specifier, { kind: 'unparsed' });
  }
  if (!TOOL_NAME.test(tool)) {
    flags.push('unknownTool');
    notes.push(`"${tool}" is not a valid tool name`);
    return done(tool, specifier, { kind: 'unparsed' });
  }

  if (tool.startsWith('mcp__')) {
    if (specifier !== undefined) {
      flags.push('mcpWithParens');
      notes.push('an mcp__ rule with parentheses is skipped when settings load');
      return done(tool, specifier, { kind: 'unparsed' });
    }
    const parts = splitMcpName(tool);
    if (parts && !parts.server.includes('*') && parts.server !== '') {
      return done(tool, undefined, { kind: 'mcp', server: parts.server, tool: parts.tool });
    }
  }
  if (tool.includes('*')) {
    if (list === 'allow') {
      flags.push('toolGlobInAllow');
      notes.push('tool-name globs are ignored in allow unless anchored as mcp__<server>__…');
    }
    return done(tool, specifier, { kind: 'toolGlob', glob: tool });
  }

  if (!KNOWN_TOOLS.has(tool)) {
    flags.push('unknownTool');
    notes.push(`"${tool}" is not a known Claude Code tool`);
  }
  if (specifier === undefined || specifier.trim() === '*') return done(tool, specifier, { kind: 'toolWide' });
  if (specifier.trim() === '') {
    flags.push('emptySpecifier');
    return done(tool, specifier, { kind: 'unparsed' });
  }

  const param = /^([a-z][A-Za-z_]*):([\s\S]+)$/.exec(specifier);
  if (tool === 'Bash' && param && param[2] === '*' && COMMAND_NAMED_PARAMS.has(param[1] ?? '')) {
    // `Bash(timeout:*)`: the legacy prefix form of the `timeout` command, or the Bash tool's
    // `timeout` parameter. Which one Claude Code reads is not documented: keep it as written.
    flags.push('ambiguousParam');
    notes.push(
      `reads either as the legacy prefix form of the \`${param[1] ?? ''}\` command (${tool}(${param[1] ?? ''} *)) or as a Tool(param:value) rule on the ${tool} tool's \`${param[1] ?? ''}\` parameter`,
    );
    return done(tool, specifier, { kind: 'unparsed' });
  }
  if (
    param &&
    ((tool === 'Bash' && BASH_PARAMS.has(param[1] ?? '')) ||
      (!COMMAND_TOOLS.has(tool) && !PATH_TOOLS.has(tool) && tool !== 'Skill' && tool !== 'WebFetch' && tool !== 'Cd'))
  ) {
    if (list === 'allow') {
      flags.push('paramRuleInAllow');
      notes.push('Tool(param:value) rules apply in deny and ask only');
    }
    return done(tool, specifier, { kind: 'param', param: param[1] ?? '', value: param[2] ?? '' });
  }

  if (COMMAND_TOOLS.has(tool)) {
    const pattern = compileCommandPattern(specifier, tool === 'PowerShell');
    flagCommand(tool, specifier, pattern.literalPrefix, pattern.exact, pattern.prefixOnly, flags, notes);
    return done(tool, specifier, { kind: 'command', pattern });
  }
  if (tool === 'Skill') return done(tool, specifier, { kind: 'command', pattern: compileCommandPattern(specifier) });
  if (PATH_TOOLS.has(tool) || NEVER_CONSULTED_PATH_TOOLS.has(tool)) {
    if (NEVER_CONSULTED_PATH_TOOLS.has(tool)) {
      flags.push('neverConsulted');
      notes.push(`${tool}(path) rules are never consulted; only Edit(path) and Read(path) are`);
    }
    const { anchor, pattern } = pathAnchorOf(specifier);
    return done(tool, specifier, { kind: 'path', anchor, pattern });
  }
  if (tool === 'WebFetch') {
    if (specifier.startsWith('domain:') && specifier.length > 7) {
      return done(tool, specifier, { kind: 'domain', domain: specifier.slice(7) });
    }
    notes.push('WebFetch rules take the form WebFetch(domain:host)');
    return done(tool, specifier, { kind: 'unparsed' });
  }
  if (tool === 'WebSearch') {
    notes.push('WebSearch takes no specifier');
    return done(tool, specifier, { kind: 'unparsed' });
  }
  return done(tool, specifier, { kind: 'named', name: specifier });
}

function flagCommand(
  tool: string,
  spec: string,
  literal: string,
  exact: boolean,
  prefixOnly: boolean,
  flags: RuleFlag[],
  notes: string[],
): void {
  if (!spec.endsWith(':*') && spec.includes(':*')) flags.push('colonStarInMiddle');
  if (spec.endsWith(':*')) flags.push('legacyColonStar');
  if (spec.includes('\n')) flags.push('multiLine');
  if (/__TRACKED_VAR__|__NEW_LINE_/.test(spec)) flags.push('leakedPlaceholder');
  if (!exact && hasUnclosedQuote(literal) && /\*\s*$/.test(unescapeSpecifier(spec).replace(/:\*$/, ' *'))) {
    flags.push('unclosedQuote');
    notes.push('a prefix ending inside an open quote allows any inline script');
  }
  if (tool === 'Bash' && /^[A-Z][a-z]+-[A-Z][A-Za-z]+\b/.test(literal)) flags.push('powershellAsBash');
  if (!exact && !prefixOnly) {
    // A `*` within the first two words with more words after it (`git * main`, `gh * list *`).
    const words = shellWords(literal);
    const starInHead = words.length < 2 || (words.length === 2 && !/\s$/.test(literal));
    const normalized = unescapeSpecifier(spec).replace(/:\*$/, ' *');
    const after = normalized
      .slice(normalized.indexOf('*') + 1)
      .replace(/\*/g, ' ')
      .trim();
    if (starInHead && after !== '') {
      flags.push('starBeforeSubcommand');
      notes.push(
        'a `*` before the subcommand matches far more than it looks (`git * main` also matches `git -c core.fsmonitor=… diff main`)',
      );
    }
  }
  const dead = deadCommandReason(literal, exact, tool === 'PowerShell');
  if (dead !== undefined) {
    flags.push(dead);
    notes.push(
      dead === 'unquotedOperator'
        ? 'holds an unquoted &&, ;, | or newline: commands are split before matching, so it never matches'
        : 'a shell fragment (loop keyword, comment, unbalanced quote) that no command ever matches',
    );
  }
}

/**
 * Why no simple command produced by the splitter can ever match this rule, or undefined: the
 * rule's literal text is itself split, or loses a reserved word / comment. Only the text before
 * the first `*` counts, since a `*` might swallow an opening quote.
 */
export function deadCommandReason(literal: string, exact: boolean, powershell: boolean): 'unquotedOperator' | 'shellFragment' | undefined {
  // Before a `*`, a word not followed by a space is incomplete (`do*` matches `docker`): leave it out.
  const text = (exact ? literal : /\s$/.test(literal) ? literal.trimEnd() : withoutTrailingWord(literal)).trim();
  if (text === '') return undefined;
  const split = splitCommand(text, powershell ? 'powershell' : 'bash');
  if (!exact && split.unparseable) return undefined; // an open quote before the `*`: the star may close it
  if (split.topLevel > 1) return 'unquotedOperator';
  if (exact && split.unparseable) return 'shellFragment';
  if (split.topLevel === 0) return 'shellFragment';
  return split.parts[0] === text ? undefined : 'shellFragment';
}
