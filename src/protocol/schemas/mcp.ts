// Schemas of the MCP server: each tool's input as a model reads it (names, descriptions, JSON
// schema through the SDK), the same arguments bounded for the socket (the orchestrator checks every
// call against them), the socket's messages in both directions, and the host's hand-off answer.
import { z } from 'zod';
import type {
  HandOffDecision,
  McpAnswer,
  McpClientMessage,
  McpInitOptions,
  McpRefused,
  McpServerMessage,
  McpToolArgs,
  McpToolName,
  McpWelcome,
} from '../mcp';
import { MCP_TOOL_NAMES } from '../mcp';

/** Longest error text passed on (a longer one is cut: the start of a message carries its signature). */
export const MAX_ERROR_CHARS = 16_000;
/** Longest task text passed on to `route` and `context_pack` (the router reads only the start of a huge one anyway). */
export const MAX_TASK_CHARS = 64_000;
/** A reported diff may be this long; one longer is refused by the fix store's own rule (200,000 characters). */
export const MAX_DIFF_CHARS = 200_001;
/** At most this many paths per `who_holds` call. */
export const MAX_PATHS = 200;
const MAX_PATH = 4096;

export interface McpToolSpec {
  title: string;
  /** What a model reads to decide when to call the tool: short, plain, what it answers. */
  description: string;
  /** The input's fields for the MCP registration (lenient on lengths: the server cuts long texts). */
  input: z.ZodRawShape;
  readOnly: boolean;
}

const page = z.number().int().min(1).max(1000).optional().describe('Page of a long answer (the answer says when there is more).');

/** Each tool as the MCP client lists it. */
export const mcpToolSpecs: Readonly<Record<McpToolName, McpToolSpec>> = {
  known_fixes: {
    title: 'Known fixes for an error',
    description:
      "Fixes Agent Affinity learned for an error message, from any session or from the user's own edits. Call it when you hit a compiler, linter or test error, before fixing it yourself. Answers the matching fixes, best first, each with its diff, how often it worked and where it was learned.",
    input: {
      error: z.string().min(1).describe('The error message as the tool printed it (long output is fine: it is cut).'),
      file: z.string().optional().describe('The file the error is in.'),
      language: z.string().optional().describe('The language (typescript, python, rust, go…) when there is no file.'),
      page,
    },
    readOnly: true,
  },
  record_fix: {
    title: 'Record a fix',
    description:
      "Tell Agent Affinity that a change fixed an error, so that every session (and the user's editor) is offered the same fix for the same error. Give the error message, the file, and the change as a unified diff (--- / +++ headers and @@ hunks).",
    input: {
      error: z.string().min(1).describe('The error message the change fixed.'),
      file: z.string().min(1).describe('The file the change was made in.'),
      diff: z.string().min(1).describe('The change as a unified diff.'),
      note: z.string().optional().describe('One line saying what the fix does (its title).'),
    },
    readOnly: false,
  },
  context_budget: {
    title: 'Your context budget',
    description:
      'Your own context window as Agent Affinity measures it: tokens used, the window size, what fills it, and the headroom left before the agent compacts.',
    input: {},
    readOnly: true,
  },
  who_holds: {
    title: 'Who holds these files',
    description:
      'Which Agent Affinity sessions already hold these files in their context (read or edited them since their last compaction), and since when. Ask before reading many files: another session may know them already.',
    input: {
      paths: z.array(z.string().min(1)).min(1).describe('File paths, absolute or relative to the workspace folder.'),
      page,
    },
    readOnly: true,
  },
  context_pack: {
    title: 'Context pack for a task',
    description:
      'The workspace files most relevant to a task that fit a token budget, best first, with their token counts and why each was picked (named in the task, edited or read by your session, open in the editor).',
    input: {
      task: z.string().min(1).describe('The task, in words.'),
      max_tokens: z.number().int().min(1).max(10_000_000).describe('The budget for the files, in tokens.'),
      page,
    },
    readOnly: true,
  },
  route: {
    title: 'Route a task',
    description:
      'Which Agent Affinity session would get a task, and why: the sessions ranked with their reasons in words, and how sure the choice is. Sends nothing.',
    input: { task: z.string().min(1).describe('The task, in words.') },
    readOnly: true,
  },
  hand_off: {
    title: 'Hand a task to another session',
    description:
      "Ask another Agent Affinity session to do a task. Off unless the user turned it on; the user confirms each hand-off in VS Code. A hand-off back to a session it came from is refused. You do not get the other session's result: it works on its own.",
    input: {
      session: z.string().min(1).describe('The session to ask: its name or id.'),
      task: z.string().min(1).describe('What it should do, self-contained.'),
    },
    readOnly: false,
  },
};

const boundedPage = z.number().int().min(1).max(1000).exactOptional();

/** Each tool's arguments as the orchestrator accepts them from the socket (bounded). */
export const mcpToolArgs: { readonly [K in McpToolName]: z.ZodType<McpToolArgs[K]> } = {
  known_fixes: z.object({
    error: z.string().min(1).max(MAX_ERROR_CHARS),
    file: z.string().min(1).max(MAX_PATH).exactOptional(),
    language: z.string().min(1).max(100).exactOptional(),
    page: boundedPage,
  }),
  record_fix: z.object({
    error: z.string().min(1).max(MAX_ERROR_CHARS),
    file: z.string().min(1).max(MAX_PATH),
    diff: z.string().min(1).max(MAX_DIFF_CHARS),
    note: z.string().max(1000).exactOptional(),
  }),
  context_budget: z.union([z.object({}).strict(), z.undefined(), z.null()]).transform(() => ({})) as unknown as z.ZodType<
    Record<string, never>
  >,
  who_holds: z.object({
    paths: z.array(z.string().min(1).max(MAX_PATH)).min(1).max(MAX_PATHS),
    page: boundedPage,
  }),
  context_pack: z.object({
    task: z.string().min(1).max(MAX_TASK_CHARS),
    max_tokens: z.number().int().min(1).max(10_000_000),
    page: boundedPage,
  }),
  route: z.object({ task: z.string().min(1).max(MAX_TASK_CHARS) }),
  hand_off: z.object({ session: z.string().min(1).max(200), task: z.string().min(1).max(MAX_TASK_CHARS) }),
};

const token = z.string().min(16).max(200);

/** Any line a client sends. */
export const mcpClientMessage: z.ZodType<McpClientMessage> = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('hello'),
    token,
    sessionToken: token.exactOptional(),
    client: z.string().max(200).exactOptional(),
  }),
  z.object({
    type: z.literal('call'),
    id: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    tool: z.enum(MCP_TOOL_NAMES),
    args: z.unknown(),
  }),
]) as z.ZodType<McpClientMessage>;

const welcome: z.ZodType<McpWelcome> = z.object({
  type: z.literal('welcome'),
  session: z.object({ id: z.string().min(1).max(200), name: z.string().max(1000) }).exactOptional(),
});
const refused: z.ZodType<McpRefused> = z.object({ type: z.literal('refused'), reason: z.string().max(10_000) });
const answer: z.ZodType<McpAnswer> = z.object({
  type: z.literal('answer'),
  id: z.number().int().min(0),
  text: z.string().max(200_000),
  isError: z.boolean().exactOptional(),
});

/** Any line the orchestrator sends. */
export const mcpServerMessage: z.ZodType<McpServerMessage> = z.union([welcome, refused, answer]);

/** The host's answer to a hand-off question (anything else counts as a refusal). */
export const handOffDecision: z.ZodType<HandOffDecision> = z.object({ allow: z.boolean() }).catch({ allow: false });

/** The host's MCP endpoint in the initialize options. */
export const mcpInitOptions: z.ZodType<McpInitOptions> = z.object({
  socketPath: z.string().min(1).max(4096),
  token,
  server: z.object({
    command: z.string().min(1).max(4096),
    args: z.array(z.string().max(4096)).max(50),
    env: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), z.string().max(4096)),
  }),
});
