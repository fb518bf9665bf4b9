// Descriptors for the orchestrator's custom LSP methods: a method name with its parameter and
// result types attached, declared once here and used by both the extension host and the server.

/** A request: the sender waits for a result of type R. */
export interface RequestType<P, R> {
  readonly method: string;
  /** Phantom fields: never set, they only carry the types. */
  readonly __params?: P;
  readonly __result?: R;
}

/** A notification: fire and forget. */
export interface NotificationType<P> {
  readonly method: string;
  readonly __params?: P;
}

/** Declares a request under the `affinity/` namespace. */
export function requestType<P, R>(method: `affinity/${string}`): RequestType<P, R> {
  return { method };
}

/** Declares a notification under the `affinity/` namespace. */
export function notificationType<P>(method: `affinity/${string}`): NotificationType<P> {
  return { method };
}
