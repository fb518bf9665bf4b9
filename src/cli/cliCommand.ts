// The shape of one `agent-affinity` subcommand, so each feature keeps its CLI wiring in its own module.

/** Where a command writes; tests pass a capturing implementation. */
export interface CliIo {
  out(s: string): void;
  err(s: string): void;
}

/** One subcommand of the `agent-affinity` CLI. `run` returns the process exit code. */
export interface CliCommand {
  name: string;
  summary: string;
  run(argv: string[], io: CliIo): Promise<number>;
}
