// Each session's agent driver: built on first use and rebuilt when the session's adapter (the
// settings changed) or the driver options (long-lived Claude, timeouts) changed since.
import type { AgentAdapter } from '../agents/agentAdapter';
import { createAgentDriver, type AgentDriver, type DriverFactoryOptions } from '../agents/agentDriver';
import type { SessionRecord } from './sessionTypes';

export type DriverFactory = (adapter: AgentAdapter, session: SessionRecord) => AgentDriver;

export class SessionDrivers {
  private readonly drivers = new Map<string, { driver: AgentDriver; adapter: AgentAdapter; generation: number }>();
  /** Bumped when the driver options change: drivers built before are rebuilt at their next task. */
  private generation = 0;

  constructor(
    private options: DriverFactoryOptions | undefined,
    private readonly factory: DriverFactory | undefined,
  ) {}

  /** New options; each session gets a driver built with them at its next task. */
  setOptions(options: DriverFactoryOptions): void {
    this.options = options;
    this.generation += 1;
  }

  /** The session's driver; one built from another adapter or older options is replaced, its warm process (idle: no task runs) ended. */
  for(s: SessionRecord, adapter: AgentAdapter): AgentDriver {
    const d = this.drivers.get(s.id);
    if (d && d.adapter === adapter && d.generation === this.generation) return d.driver;
    if (d) void d.driver.stop().catch(() => undefined);
    const driver = this.factory ? this.factory(adapter, s) : createAgentDriver(adapter, this.options);
    this.drivers.set(s.id, { driver, adapter, generation: this.generation });
    return driver;
  }

  /** Stops the session's driver (its running task and warm process), if it has one. */
  async stop(sessionId: string): Promise<void> {
    await this.drivers.get(sessionId)?.driver.stop();
  }

  delete(sessionId: string): void {
    this.drivers.delete(sessionId);
  }
}
