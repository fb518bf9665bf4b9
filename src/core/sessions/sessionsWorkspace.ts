// Agent sessions over a live workspace: the session manager on the workspace store, agents built
// from the user's settings (rebuilt for the agents whose settings change), the consolidated allow
// list of each Claude Code run, orphaned agents of a killed orchestrator reaped, and sessions
// created (in a checked folder, optionally in their own git worktree) and deleted. The
// orchestrator's sessions service is only LSP wiring around this class.
import { join, resolve } from 'node:path';
import { changedAgentKinds, createAdapters, type AgentSettings } from '../agents/adapterSet';
import type { AgentKind } from '../agents/agentEvents';
import { findExecutable } from '../agents/executableLookup';
import { claudeGlobalConfigPath, forgetClaudeProject, inheritClaudeTrust } from '../worktrees/claudeTrust';
import { copyLocalAgentFiles, createWorktree, removeWorktree, worktreeChanges, worktreeSupport } from '../worktrees/gitWorktree';
import type { StoreProblem } from '../store/storeTypes';
import { isInside } from '../workspace/paths';
import { sessionPermissionMode, sessionSettingsPatch, type SessionSettingsChange } from './agentModes';
import { agentSettings, askForPermissionsNote, driverOptions, type AgentRunSettings } from './agentRunSettings';
import { ORCHESTRATOR_MARKER_ENV, orchestratorMarker, reapOrphanAgents } from './orphanAgents';
import { SessionAllowLists } from './sessionAllowLists';
import type { CreateSessionInput, SessionManagerDeps } from './sessionInputs';
import { SessionManager } from './sessionManager';
import { SessionStore } from './sessionStore';
import type { SessionRecord, Specialty, WorktreeRecord } from './sessionTypes';
import { FileTranscriptStore } from './transcriptStore';

export interface SessionsWorkspaceDeps {
  storageDir: string;
  /** The workspace folders: sessions run only inside them (or in their own worktrees). */
  folders: readonly string[];
  settings(): AgentRunSettings;
  log: { info(m: string): void; warn(m: string): void };
  /** A problem the person should see (a settings file that could not be used, a store problem). */
  problem(p: { severity: 'error' | 'warning' | 'info'; message: string; file?: string }): void;
  storeProblem(p: StoreProblem): void;
  /** The orchestrator's environment (PATH, HOME, CLAUDE_CONFIG_DIR). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Agent Affinity's MCP server for each run (see SessionManagerDeps.runMcp). */
  runMcp?: SessionManagerDeps['runMcp'];
  /** Replaces how the agents' drivers are built (tests play the agent); the CLIs by default. */
  createDriver?: SessionManagerDeps['createDriver'];
}

export interface NewSession {
  name: string;
  agent: AgentKind;
  folder: string;
  specialty?: Specialty;
  model?: string;
  permissionMode?: string;
  /** Create a git worktree and branch for the session. */
  worktree?: boolean;
}

/** A CLI that will not start, found when the session was created: what it is and the setting to change. */
export interface SetupProblem {
  message: string;
  setting: string;
}

export interface DeleteOutcome {
  deleted: boolean;
  worktreeKept?: string;
}

const EXECUTABLE_SETTINGS: Record<AgentKind, string> = {
  claude: 'agentAffinity.claude.path',
  codex: 'agentAffinity.codex.path',
  gemini: 'agentAffinity.gemini.path',
  command: 'agentAffinity.command.commandLine',
};

const INSTALL_HINTS: Partial<Record<AgentKind, string>> = {
  claude: 'npm i -g @anthropic-ai/claude-code',
  codex: 'npm i -g @openai/codex',
  gemini: 'npm i -g @google/gemini-cli',
};

export class SessionsWorkspace {
  private constructor(
    readonly manager: SessionManager,
    private readonly store: SessionStore,
    private readonly adapters: ReturnType<typeof createAdapters>,
    private readonly environment: AgentRunSettings['environment'],
    private readonly deps: SessionsWorkspaceDeps,
    private applied: { agents: AgentSettings; settings: AgentRunSettings; askNote: string | undefined },
  ) {}

  static async open(deps: SessionsWorkspaceDeps): Promise<SessionsWorkspace> {
    const { storageDir, log } = deps;
    // Agents inherit this marker; a later orchestrator ends the ones this one leaves if it is killed.
    process.env[ORCHESTRATOR_MARKER_ENV] = orchestratorMarker(process.pid, storageDir);
    const reaped = await reapOrphanAgents(storageDir).catch((e: unknown) => {
      log.warn(`sessions: looking for agents a killed orchestrator left running failed: ${message(e)}`);
      return { groups: [], processes: 0 };
    });
    if (reaped.groups.length > 0)
      log.warn(
        `sessions: stopped ${reaped.processes} agent process(es) in ${reaped.groups.length} process group(s) left running by an orchestrator that was killed`,
      );
    const store = await SessionStore.open(storageDir, deps.storeProblem);
    const settings = deps.settings();
    const askNote = askForPermissionsNote(settings);
    if (askNote) log.info(askNote);
    const agents = agentSettings(settings);
    const adapters = createAdapters(agents);
    for (const problem of adapters.problems) deps.problem({ severity: 'warning', message: problem });
    // Kept by reference in the manager, so a settings change applies to the next task.
    const environment: AgentRunSettings['environment'] = { ...settings.environment };
    // Claude Code runs get their folder's consolidated allow list on the command line (--allowedTools).
    const allowLists = new SessionAllowLists({
      claudeEnv: () => environment.claude,
      problem: (m) => deps.problem({ severity: 'warning', message: m }),
    });
    const manager = new SessionManager({
      repository: store,
      adapters: adapters.adapters,
      maxParallel: settings.maxParallelSessions,
      historyLimit: settings.taskHistoryLimit,
      driverOptions: driverOptions(settings, (m) => log.warn(m)),
      env: environment,
      runAllowedTools: (session) => {
        if (session.agent !== 'claude') return undefined;
        try {
          return allowLists.forFolder(session.folder);
        } catch (e) {
          log.warn(`sessions: the consolidated allow list for ${session.folder} could not be built: ${message(e)}`);
          return undefined;
        }
      },
      transcripts: new FileTranscriptStore(join(storageDir, 'transcripts')),
      ...(deps.runMcp ? { runMcp: deps.runMcp } : {}),
      ...(deps.createDriver ? { createDriver: deps.createDriver } : {}),
    });
    const workspace = new SessionsWorkspace(manager, store, adapters, environment, deps, { agents, settings, askNote });
    manager.on('stateChanged', ({ sessionId, to, reason }) => {
      if (to === 'failed') log.warn(`session ${manager.get(sessionId)?.name ?? sessionId} failed: ${reason ?? 'unknown reason'}`);
    });
    manager.on('persistError', ({ error }) =>
      deps.problem({ severity: 'error', message: `could not save sessions: ${error}`, file: store.file }),
    );
    const loaded = await manager.load();
    log.info(`sessions: ${loaded.length} loaded from ${store.file}`);
    return workspace;
  }

  /** The workspace folder a session belongs to (its worktree maps back to it). */
  workspaceFolderOf(sessionId: string): string | undefined {
    return this.store.worktree(sessionId)?.workspaceFolder ?? this.manager.brief(sessionId)?.folder;
  }

  worktree(sessionId: string): WorktreeRecord | undefined {
    return this.store.worktree(sessionId);
  }

  /** Applies changed settings: the agents whose settings changed get new adapters (their sessions'
   *  next task starts the agent with the new settings); the others stay warm. */
  settingsChanged(): void {
    const next = this.deps.settings();
    this.manager.setMaxParallel(next.maxParallelSessions);
    this.manager.setHistoryLimit(next.taskHistoryLimit);
    const note = askForPermissionsNote(next);
    // Told once, when a change makes the setting ineffective; at start it is only logged.
    if (note && note !== this.applied.askNote) this.deps.problem({ severity: 'info', message: note.replace(/^sessions: /, '') });
    for (const k of Object.keys(this.environment) as AgentKind[]) delete this.environment[k];
    Object.assign(this.environment, next.environment);
    const nextAgents = agentSettings(next);
    const changed = changedAgentKinds(this.applied.agents, nextAgents);
    if (changed.length > 0) {
      const rebuilt = createAdapters(nextAgents);
      for (const kind of changed) {
        const adapter = rebuilt.adapters[kind];
        if (adapter) this.adapters.adapters[kind] = adapter;
        else delete this.adapters.adapters[kind];
      }
      for (const problem of rebuilt.problems) this.deps.problem({ severity: 'warning', message: problem });
    }
    const prev = this.applied.settings;
    if (next.claudeLongLived !== prev.claudeLongLived || next.taskIdleTimeoutSeconds !== prev.taskIdleTimeoutSeconds)
      this.manager.setDriverOptions(driverOptions(next, (m) => this.deps.log.warn(m)));
    this.applied = { agents: nextAgents, settings: next, askNote: note };
  }

  /** Creates a session in a workspace folder (or its own worktree of it); says when its CLI will not start. */
  async create(p: NewSession): Promise<{ session: SessionRecord; setupProblem?: SetupProblem }> {
    const name = p.name.trim();
    if (!name) throw new Error('A session needs a name.');
    const folder = this.checkedFolder(p.folder);
    let cwd = folder;
    let worktree: Omit<WorktreeRecord, 'workspaceFolder'> | undefined;
    if (p.worktree) {
      worktree = await this.createWorktree(folder, name, p.agent);
      cwd = worktree.path;
    }
    const record = this.manager.createSession({
      name,
      agent: p.agent,
      folder: cwd,
      ...(p.specialty ? { specialty: p.specialty } : {}),
      ...(p.model ? { model: p.model } : {}),
      ...sessionPermissionMode(p.agent, p.permissionMode, this.deps.settings().claudePermissionMode),
    });
    if (worktree) this.store.setWorktree(record.id, { workspaceFolder: folder, ...worktree });
    this.deps.log.info(`session ${record.name} (${record.agent}) created in ${cwd}`);
    const setupProblem = this.checkAgent(p.agent, cwd);
    return { session: this.manager.get(record.id) ?? record, ...(setupProblem ? { setupProblem } : {}) };
  }

  /** Creates a session the way the router's dispatch and fan-out do (no worktree). */
  async createForRouting(input: CreateSessionInput): Promise<SessionRecord> {
    const { session } = await this.create({
      name: input.name,
      agent: input.agent,
      folder: input.folder,
      ...(input.specialty ? { specialty: input.specialty } : {}),
      ...(input.model ? { model: input.model } : {}),
      ...(input.permissionMode ? { permissionMode: input.permissionMode } : {}),
    });
    return session;
  }

  /** Changes a session's model or permission mode (from its next task); checked against its agent. */
  updateSettings(sessionId: string, change: SessionSettingsChange): SessionRecord {
    const r = this.require(sessionId);
    const patch = sessionSettingsPatch(r.agent, change);
    // A Claude session without its own mode goes back to the setting's, as at creation.
    if (r.agent === 'claude' && patch.permissionMode === null) patch.permissionMode = this.deps.settings().claudePermissionMode;
    this.manager.updateSession(sessionId, patch);
    const what = Object.entries(patch).map(([k, v]) => `${k} ${v ?? 'default'}`);
    this.deps.log.info(`session ${r.name}: ${what.join(', ')} (from its next task)`);
    return this.require(sessionId);
  }

  /** Deletes a session; its worktree goes too when clean (or forced), else the deletion is refused with why. */
  async delete(sessionId: string, removeWorktree: 'ifClean' | 'force' | 'keep' = 'ifClean'): Promise<DeleteOutcome> {
    const worktree = this.store.worktree(sessionId);
    let kept: string | undefined;
    if (worktree && removeWorktree !== 'keep') {
      const changes = await worktreeChanges(worktree.path).catch(() => []);
      if (changes.length > 0 && removeWorktree !== 'force')
        return { deleted: false, worktreeKept: `${worktree.path} has ${changes.length} uncommitted change(s)` };
      await this.manager.stopSession(sessionId).catch(() => undefined);
      await removeWorktreeOf(worktree, removeWorktree === 'force').catch((e: unknown) => {
        kept = message(e);
      });
      if (kept !== undefined) return { deleted: false, worktreeKept: kept };
      if (worktree.claudeTrustIn && (await forgetClaudeProject(worktree.claudeTrustIn, worktree.path).catch(() => false)))
        this.deps.log.info(`removed the worktree ${worktree.path} from ${worktree.claudeTrustIn}`);
    } else if (worktree) {
      kept = `kept at ${worktree.path} (branch ${worktree.branch})`;
    }
    await this.manager.deleteSession(sessionId);
    return kept !== undefined ? { deleted: true, worktreeKept: kept } : { deleted: true };
  }

  /** The agent's interactive mode resuming the session's conversation, or null where it has none. */
  terminal(sessionId: string): { command: string; args: string[]; cwd: string; env: Record<string, string> } | null {
    const r = this.require(sessionId);
    const spec = this.adapters.adapters[r.agent]?.interactiveCommand?.(r.conversationId);
    if (!spec) return null;
    return { command: spec.command, args: spec.args, cwd: r.folder, env: this.deps.settings().environment[r.agent] ?? {} };
  }

  async close(): Promise<void> {
    await this.manager.dispose();
    await this.store.close();
  }

  /** An absolute folder inside one of the workspace folders, or an error saying why not. */
  private checkedFolder(raw: string): string {
    if (!raw.startsWith('/') && !/^[A-Za-z]:[\\/]/.test(raw) && !raw.startsWith('\\\\'))
      throw new Error(`A session's folder must be an absolute path, not "${raw}".`);
    const folder = resolve(raw);
    if (!this.deps.folders.some((f) => isInside(f, folder)))
      throw new Error(
        `${folder} is not in this workspace: a session runs in one of the workspace folders (${this.deps.folders.join(', ') || 'none is open'}).`,
      );
    return folder;
  }

  private async createWorktree(folder: string, name: string, agent: AgentKind): Promise<Omit<WorktreeRecord, 'workspaceFolder'>> {
    const { log } = this.deps;
    const support = await worktreeSupport(folder);
    if (!support.available || !support.repoRoot)
      throw new Error(`No worktree for this session: ${support.reason ?? 'git is not available'}.`);
    const made = await createWorktree(support.repoRoot, this.deps.settings().worktreeFolder, name);
    const worktree: Omit<WorktreeRecord, 'workspaceFolder'> = { repoRoot: support.repoRoot, ...made };
    // The personal permission rules are git-ignored: the agent in the worktree needs them too.
    for (const f of await copyLocalAgentFiles(support.repoRoot, made.path)) log.info(`copied ${f} into the worktree ${made.path}`);
    if (agent !== 'claude') return worktree;
    // Claude Code applies the repository's allow rules only in a trusted folder: the worktree gets
    // the trust the user gave the repository (never more).
    const config = claudeGlobalConfigPath({ ...(this.deps.env ?? process.env), ...(this.deps.settings().environment.claude ?? {}) });
    const trust = await inheritClaudeTrust(config, [support.repoRoot, folder], made.path);
    if (trust.kind === 'trusted') {
      worktree.claudeTrustIn = config;
      log.info(`marked the worktree ${made.path} trusted in ${config}, as the repository is`);
    } else if (trust.kind === 'unreadable') {
      this.deps.problem({
        severity: 'warning',
        file: config,
        message: `Claude Code's config could not be updated for the worktree: ${trust.reason}. Its project allow rules apply only after you trust ${made.path} in Claude Code.`,
      });
    } else if (trust.kind === 'source-not-trusted') {
      log.info(
        `the repository is not trusted in ${config}: the worktree ${made.path} is not either, so Claude Code ignores the project's allow rules there`,
      );
    }
    return worktree;
  }

  /** Looks the agent's CLI up as its first task will spawn it; a problem in words when it is not there. */
  private checkAgent(agent: AgentKind, cwd: string): SetupProblem | undefined {
    const settings = this.deps.settings();
    const setting = EXECUTABLE_SETTINGS[agent];
    const command = agent === 'command' ? settings.commandLine.trim().split(/\s+/)[0] : settings.executables[agent];
    if (!command) return { setting, message: `The Command agent has no command line: set ${setting}.` };
    const env = { ...(this.deps.env ?? process.env), ...(settings.environment[agent] ?? {}) };
    const found = findExecutable(command, env, cwd);
    if (found.found) return undefined;
    const install = INSTALL_HINTS[agent];
    return {
      setting,
      message: `${found.reason}. Set ${setting} to the full path of the program${install ? `, or install it (${install})` : ''}; the session's tasks will fail until then.`,
    };
  }

  private require(sessionId: string): SessionRecord {
    const r = this.manager.get(sessionId);
    if (!r) throw new Error(`There is no session ${sessionId}.`);
    return r;
  }
}

function removeWorktreeOf(w: WorktreeRecord, force: boolean): Promise<void> {
  return removeWorktree(w.repoRoot, w.path, force);
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
