// The orchestrator process: an LSP server started by the extension host over IPC. This file only
// creates the connection and hands it to the composition root.
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startOrchestrator } from './orchestrator';

const connection = createConnection(ProposedFeatures.all);
startOrchestrator(connection, { startedAt: Date.now() });
connection.listen();
