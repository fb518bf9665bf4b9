// Parameter schemas of the permission-consolidation requests (host → orchestrator).
import { z } from 'zod';
import type { ApplyPermissionsParams, PlanPermissionsParams, UndoPermissionsParams } from '../permissions';
import { id, path } from './common';

const orEmpty = z.union([z.undefined(), z.null()]).transform(() => ({}));

export const planPermissionsParams: z.ZodType<PlanPermissionsParams> = z
  .object({
    folders: z.array(path).max(1000).exactOptional(),
    generalize: z.boolean().exactOptional(),
    prune: z.boolean().exactOptional(),
    neverGeneralize: z.array(z.string().max(1000)).max(10_000).exactOptional(),
  })
  .or(orEmpty);

export const applyPermissionsParams: z.ZodType<ApplyPermissionsParams> = z.object({
  planId: id,
  paths: z.array(path).max(10_000).exactOptional(),
});

export const undoPermissionsParams: z.ZodType<UndoPermissionsParams> = z.object({ folder: path.exactOptional() }).or(orEmpty);
