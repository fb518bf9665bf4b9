// The `agent-affinity` command line: the same core as the extension, without VS Code.
import type { CliCommand, CliIo } from './cliCommand';
import { mcpCommand } from './commands/mcp';
import { permissionsCommand } from './commands/permissions';
import { routeCommand } from './commands/route';
import { usageCommand } from './commands/usage';

const commands: CliCommand[] = [mcpCommand, permissionsCommand, routeCommand, usageCommand];

function usage(): string {
  const lines = ['usage: agent-affinity <command> [options]', '', 'commands:'];
  for (const c of commands) lines.push(`  ${c.name.padEnd(14)} ${c.summary}`);
  lines.push(`  ${'help'.padEnd(14)} show this help`);
  return lines.join('\n');
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    io.out(usage());
    return name === undefined ? 2 : 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.err(`agent-affinity: unknown command '${name}'\n\n${usage()}`);
    return 2;
  }
  return command.run(rest, io);
}

if (require.main === module) {
  // A closed pipe (`agent-affinity route … | head`) ends the command quietly.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
  runCli(process.argv.slice(2), { out: (s) => process.stdout.write(`${s}\n`), err: (s) => process.stderr.write(`${s}\n`) })
    .then((code) => (process.exitCode = code))
    .catch((e: unknown) => {
      process.stderr.write(`agent-affinity: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = 1;
    });
}
