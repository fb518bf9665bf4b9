// Typed registration and sending of the protocol's custom methods on the server's connection.
import type { Connection } from 'vscode-languageserver/node';
import type { NotificationType, RequestType } from '../protocol/rpc';

export function onRequest<P, R>(connection: Connection, type: RequestType<P, R>, handler: (params: P) => R | Promise<R>): void {
  connection.onRequest(type.method, async (params: P): Promise<R> => handler(params));
}

/** Sends a request to the client (the extension host); rejects with the client's error. */
export function sendRequest<P, R>(connection: Connection, type: RequestType<P, R>, params: P): Promise<R> {
  return connection.sendRequest<R>(type.method, params);
}

export function sendNotification<P>(connection: Connection, type: NotificationType<P>, params: P): void {
  void connection.sendNotification(type.method, params);
}
