// Parameter schemas of the routing requests and the editors notification (host → orchestrator).
import { z } from 'zod';
import type { DispatchParams, FanOutParams, RouteParams } from '../routing';
import { id, path, text } from './common';
import { createSessionParams } from './sessions';

export const routeParams: z.ZodType<RouteParams> = z.object({ text: text(), independent: z.boolean().exactOptional() });

export const dispatchParams: z.ZodType<DispatchParams> = z.object({
  decisionId: id.exactOptional(),
  text: text(),
  sessionId: id,
  newSession: createSessionParams.exactOptional(),
  by: z.enum(['router', 'user']),
});

export const auditLogParams: z.ZodType<{ limit?: number }> = z
  .object({ limit: z.number().int().min(1).max(500).exactOptional() })
  .or(z.union([z.undefined(), z.null()]).transform(() => ({})));

export const fanOutParams: z.ZodType<FanOutParams> = z.object({ text: text(), glob: z.string().min(1).max(1000) });

export const editorsParams: z.ZodType<{ visible: string[]; active?: string }> = z.object({
  visible: z.array(path).max(1000),
  active: path.exactOptional(),
});
