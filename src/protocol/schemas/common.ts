// Building blocks of the protocol's parameter schemas (zod): bounded strings and lists, so a
// malformed or oversized request is refused at the boundary with a clear reason.
import { z } from 'zod';

/** Ids, names, methods: short single-line text. */
export const id = z.string().min(1).max(200);
/** A task's or a query's text: bounded, but large enough for a long task. */
export const text = (max = 8 * 1024 * 1024): z.ZodString => z.string().max(max);
/** An absolute or workspace-relative path. */
export const path = z.string().min(1).max(4096);
export const sessionRef = z.object({ sessionId: id });
/** Requests without parameters: JSON-RPC sends none (undefined) or null. */
export const none = z.union([z.undefined(), z.null()]).transform(() => undefined);
