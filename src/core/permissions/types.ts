// Shared types of the permission engine: parsed rules, rule lists, tool calls and decisions.

/** The three Claude Code rule lists, in evaluation order. */
export type ListName = 'deny' | 'ask' | 'allow';

/** What the matcher answers for one call; `none` means no rule matched (the agent would prompt). */
export type Decision = 'allow' | 'ask' | 'deny' | 'none';

/** Where a `/path` rule is anchored and what `~` means: the settings source and the user's home. */
export interface MatchContext {
  /** The session's working directory (relative rules and bare names). */
  cwd: string;
  /** The user's home directory (`~/` rules). */
  home: string;
  /** The settings source root for `/path` rules: the project folder, or `~/.claude` for user settings. */
  sourceRoot: string;
}

/** Anchors of Read/Edit path rules (PERMISSIONS-REFERENCE 1.4). */
export type PathAnchor = 'absolute' | 'home' | 'source' | 'relative';

/** A Bash/PowerShell/Skill specifier compiled into its matching form. */
export interface CommandPattern {
  /** The specifier with a trailing legacy `:*` turned into ` *`. */
  normalized: string;
  /** True when the specifier holds no `*` (exact match). */
  exact: boolean;
  /** True when the only `*` is a trailing ` *` (matches the bare prefix too). */
  prefixOnly: boolean;
  /** The literal text before the first `*` (the whole specifier when exact). */
  literalPrefix: string;
  /** Case-insensitive matching (PowerShell). */
  ignoreCase: boolean;
  /** The first word of the literal text when it is complete (index bucket), else undefined. */
  key: string | undefined;
}

/** The meaning of one rule, by form. */
export type RuleForm =
  | { kind: 'toolWide' }
  | { kind: 'command'; pattern: CommandPattern }
  | { kind: 'path'; anchor: PathAnchor; pattern: string }
  | { kind: 'domain'; domain: string }
  | { kind: 'mcp'; server: string; tool: string | undefined }
  | { kind: 'toolGlob'; glob: string }
  | { kind: 'param'; param: string; value: string }
  | { kind: 'named'; name: string }
  | { kind: 'unparsed' };

/** Things worth telling the user about one rule; several may apply. */
export type RuleFlag =
  | 'legacyColonStar'
  | 'colonStarInMiddle'
  | 'unknownTool'
  | 'nonCanonicalTool'
  | 'neverConsulted'
  | 'shellFragment'
  | 'unquotedOperator'
  | 'unclosedQuote'
  | 'starBeforeSubcommand'
  | 'mcpWithParens'
  | 'paramRuleInAllow'
  | 'toolGlobInAllow'
  | 'emptySpecifier'
  | 'unbalancedParens'
  | 'multiLine'
  | 'leakedPlaceholder'
  | 'powershellAsBash'
  | 'ambiguousParam';

/** One rule string, parsed. `raw` is always the exact original text: nothing is ever dropped. */
export interface ParsedRule {
  raw: string;
  tool: string;
  specifier: string | undefined;
  form: RuleForm;
  flags: RuleFlag[];
  /** Human-readable notes for the flags that need one (e.g. which canonical tool was meant). */
  notes: string[];
}

/** The three lists of one settings source. */
export interface RuleLists<T = string> {
  allow: T[];
  ask: T[];
  deny: T[];
}

/** A tool call to decide. Only the fields the tool uses need to be set. */
export interface ToolCall {
  tool: string;
  /** Bash / PowerShell command line. */
  command?: string;
  /** Read/Edit/Write/... file path (absolute, or relative to the context cwd). */
  path?: string;
  /** WebFetch URL. */
  url?: string;
  /** Skill name with its arguments, Agent/Task subagent name, or Cd target. */
  name?: string;
  /** Other input fields, for `Tool(param:value)` rules. */
  params?: Record<string, string | number | boolean>;
}
