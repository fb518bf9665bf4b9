// Parameter schemas of the sessions requests (host → orchestrator).
import { z } from 'zod';
import type {
  AgentKindName,
  CreateSessionParams,
  DeleteSessionParams,
  SendTaskParams,
  SessionRef,
  SessionSettingsParams,
} from '../sessions';
import { id, path, text } from './common';

export const agentKind: z.ZodType<AgentKindName> = z.enum(['claude', 'codex', 'gemini', 'command']);

const specialty = z.object({ label: z.string().max(200), globs: z.array(z.string().min(1).max(1000)).max(100) });

export const createSessionParams: z.ZodType<CreateSessionParams> = z.object({
  name: z.string().min(1).max(200),
  agent: agentKind,
  folder: path,
  specialty: specialty.exactOptional(),
  model: z.string().max(200).exactOptional(),
  permissionMode: z.string().max(100).exactOptional(),
  worktree: z.boolean().exactOptional(),
});

export const sendTaskParams: z.ZodType<SendTaskParams> = z.object({
  sessionId: id,
  text: text(),
  priority: z.number().int().min(-1000).max(1000).exactOptional(),
  dependsOn: z.array(id).max(100).exactOptional(),
});

export const retryTaskParams: z.ZodType<SessionRef & { taskId: string }> = z.object({ sessionId: id, taskId: id });

export const sessionSettingsParams: z.ZodType<SessionSettingsParams> = z.object({
  sessionId: id,
  model: z.string().max(200).nullable().exactOptional(),
  permissionMode: z.string().max(100).nullable().exactOptional(),
});

export const renameSessionParams: z.ZodType<SessionRef & { name: string }> = z.object({ sessionId: id, name: z.string().max(200) });

export const deleteSessionParams: z.ZodType<DeleteSessionParams> = z.object({
  sessionId: id,
  removeWorktree: z.enum(['ifClean', 'force', 'keep']).exactOptional(),
});

export const worktreeSupportParams: z.ZodType<{ folder: string }> = z.object({ folder: path });
