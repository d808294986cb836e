import { ALL_STEPS, type StepName } from '@lab/domain';
import type { Simulator } from '@lab/services';
import type { Logger, Registry } from '@lab/telemetry';

interface StepFaultMessage {
  readonly type: 'lab.step-fault';
  readonly id: string;
  readonly steps: readonly string[];
  readonly fault: { multiplier?: number; addMs?: number; errorRate?: number } | null;
}

interface MetricsMessage {
  readonly type: 'lab.metrics';
  readonly id: string;
}

const STEP_NAMES = new Set<string>(ALL_STEPS.map((s) => s.name));

/** A reply, unless the parent has gone meanwhile (a send then would be an uncaught 'error'). */
function answer(message: Record<string, unknown>): void {
  if (process.connected) process.send!(message);
}

/**
 * The `slow` and `errors` faults reach a running service from the process
 * that started it (a stack supervisor or the load tool), over the IPC channel
 * only that parent holds; a person reaches it through the supervisor's control
 * endpoint, which needs the token. An app started any other way has no channel.
 * The parent may also read the process's metrics this way (replicas of one
 * service are told apart by process); anyone else scrapes its metrics port.
 */
export function listenToSupervisor(
  simulator: Simulator,
  registry: Registry,
  logger: Logger,
  orphaned: () => void,
): void {
  process.on('message', (raw: unknown) => {
    const asked = raw as MetricsMessage | null;
    if (asked?.type === 'lab.metrics') {
      registry.render().then(
        (metrics) => answer({ id: asked.id, ok: true, metrics }),
        (error: unknown) => answer({ id: asked.id, ok: false, error: String(error) }),
      );
      return;
    }
    const m = raw as StepFaultMessage;
    if (m?.type !== 'lab.step-fault') return;
    const unknown = m.steps.filter((s) => !STEP_NAMES.has(s));
    if (unknown.length) {
      answer({ id: m.id, ok: false, error: `unknown step ${unknown.join(', ')}` });
      return;
    }
    for (const step of m.steps) simulator.setFault(step as StepName, m.fault ?? undefined);
    logger.warn(m.fault ? 'step fault set' : 'step fault cleared', {
      steps: m.steps,
      ...(m.fault ?? {}),
    });
    answer({ id: m.id, ok: true });
  });
  // The channel must not keep a stopping process alive; a supervisor that
  // died without stopping its apps leaves them orphaned: they stop too.
  process.channel?.unref();
  process.on('disconnect', orphaned);
}
