// Typed registration and sending of the protocol's custom methods on the server's connection. Every
// request and notification the orchestrator receives is checked against its schema
// (src/protocol/schemas) before its handler runs: bad parameters are answered with InvalidParams
// naming the field, and a malformed notification is logged and dropped.
import { ErrorCodes, ResponseError, type Connection, type Disposable } from 'vscode-languageserver/node';
import type { z } from 'zod';
import type { NotificationType, RequestType } from '../protocol/rpc';
import { paramSchemas } from '../protocol/schemas';

function schemaOf(method: string): z.ZodType {
  const schema = paramSchemas.get(method);
  if (!schema) throw new Error(`${method} has no parameter schema in src/protocol/schemas`);
  return schema;
}

/** "specialty: expected object, received string; name: too small" (paths into the params). */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.length > 0 ? i.path.join('.') : 'params'}: ${i.message}`)
    .join('; ');
}

/** The parameters as the schema accepts them, or a ResponseError (InvalidParams) saying what is wrong. */
export function checkParams<P>(method: string, raw: unknown): P {
  const result = schemaOf(method).safeParse(raw);
  if (!result.success) throw new ResponseError(ErrorCodes.InvalidParams, `${method}: invalid parameters: ${describeIssues(result.error)}`);
  return result.data as P;
}

export function onRequest<P, R>(connection: Connection, type: RequestType<P, R>, handler: (params: P) => R | Promise<R>): Disposable {
  schemaOf(type.method);
  return connection.onRequest(type.method, async (raw: unknown): Promise<R> => handler(checkParams<P>(type.method, raw)));
}

/** Handles a notification from the host; one whose parameters fail their schema is logged and dropped. */
export function onNotification<P>(
  connection: Connection,
  type: NotificationType<P>,
  handler: (params: P) => void,
  onInvalid: (message: string) => void = (m) => connection.console.warn(m),
): Disposable {
  schemaOf(type.method);
  return connection.onNotification(type.method, (raw: unknown) => {
    let params: P;
    try {
      params = checkParams<P>(type.method, raw);
    } catch (e) {
      onInvalid(e instanceof Error ? e.message : String(e));
      return;
    }
    handler(params);
  });
}

/** Sends a request to the client (the extension host); rejects with the client's error. */
export function sendRequest<P, R>(connection: Connection, type: RequestType<P, R>, params: P): Promise<R> {
  return connection.sendRequest<R>(type.method, params);
}

export function sendNotification<P>(connection: Connection, type: NotificationType<P>, params: P): void {
  void connection.sendNotification(type.method, params);
}
