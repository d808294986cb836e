import type { ProfileName, ServiceName } from '@lab/domain';

export type StackName = 'sync' | 'async' | 'hybrid';
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

/**
 * Processes of each service a launcher starts (1–8). gRPC clients balance
 * over them; async replicas share the JetStream consumer and BullMQ queue.
 * Replica k listens at `replicaPort(port, k)`.
 */
export type ServiceReplicas = Readonly<Record<ServiceName, number>>;

/** A gRPC service: where it listens, and the replicas its clients balance over. */
export interface GrpcServiceConfig {
  readonly port: number;
  /** host:port of every replica; clients use round_robin over them. */
  readonly addresses: readonly string[];
}

export interface SyncStackConfig {
  /** Prefix for this stack's Redis keys. */
  readonly namespace: string;
  readonly gatewayPort: number;
  /** The stack supervisor's control endpoint (fault injection), on loopback when enabled. */
  readonly controlPort: number;
  readonly services: Readonly<Record<ServiceName, GrpcServiceConfig>>;
  readonly replicas: ServiceReplicas;
  /** Checkouts served at once by the edge, like a server's thread pool. */
  readonly maxInFlight: number;
  /** Checkouts that may wait for a free slot before the edge answers 503. */
  readonly maxQueued: number;
  /** Longest wait for a free slot before 503. */
  readonly queueTimeoutMs: number;
}

export interface AsyncStackConfig {
  /** Prefix for this stack's NATS subjects and streams, BullMQ queues and Redis keys. */
  readonly namespace: string;
  readonly gatewayPort: number;
  /** The stack supervisor's control endpoint (fault injection), on loopback when enabled. */
  readonly controlPort: number;
  /** Health and metrics ports of the workers, one per service. */
  readonly workerPorts: Readonly<Record<ServiceName, number>>;
  readonly replicas: ServiceReplicas;
}

export interface HybridStackConfig {
  readonly namespace: string;
  readonly gatewayPort: number;
  /** The stack supervisor's control endpoint (fault injection), on loopback when enabled. */
  readonly controlPort: number;
  /** The critical path's gRPC services (the sync stack's code, run for the hybrid). */
  readonly services: Readonly<Record<'payment' | 'inventory', GrpcServiceConfig>>;
  /** Health and metrics ports of the background workers (the async stack's code). */
  readonly workerPorts: Readonly<Record<'notification' | 'analytics' | 'warehouse', number>>;
  readonly replicas: ServiceReplicas;
}

export interface LabConfig {
  /** Address every server binds to. */
  readonly host: string;
  /** Where the project's own brokers keep their data. */
  readonly dataDir: string;
  readonly logLevel: LogLevel;
  readonly simulation: {
    readonly profile: ProfileName;
    readonly timeScale: number;
    readonly seed: number;
    /** Share of cards other than the test cards that the issuer declines. */
    readonly declineRate: number;
    readonly catalogSize: number;
    readonly initialStock: number;
  };
  readonly nats: {
    /** Servers to connect to. Set NATS_URL to use servers the project does not start. */
    readonly urls: readonly string[];
    /** True when the project starts its own nats-server (NATS_URL unset). */
    readonly managed: boolean;
    readonly port: number;
    readonly monitorPort: number;
  };
  readonly redis: {
    readonly urls: readonly string[];
    readonly managed: boolean;
    readonly port: number;
  };
  /**
   * The card vault: a Redis of its own that keeps nothing on disk, holding
   * each card under a token until `ttlMs` has passed (its CVC only until the
   * card is charged). Set LAB_VAULT_URL to use a vault the project does not start.
   */
  readonly vault: {
    readonly urls: readonly string[];
    /** True when the project starts its own vault (LAB_VAULT_URL unset). */
    readonly managed: boolean;
    readonly port: number;
    /** How long a card token can be redeemed. */
    readonly ttlMs: number;
  };
  readonly grpc: {
    /** Deadline of one gRPC call. */
    readonly deadlineMs: number;
    /** Attempts, first included, for idempotent calls (service config retryPolicy). */
    readonly maxAttempts: number;
  };
  readonly jetstream: {
    readonly ackWaitMs: number;
    readonly maxDeliver: number;
    /** Messages a consumer works on at once. */
    readonly concurrency: number;
    readonly publishTimeoutMs: number;
  };
  /** The transactional outbox: events written with the state change, published after. */
  readonly outbox: {
    readonly relayIntervalMs: number;
    /** An event this old and still in the outbox is republished (same message id). */
    readonly minAgeMs: number;
  };
  readonly jobs: {
    readonly attempts: number;
    /** First backoff of the exponential retry. */
    readonly backoffMs: number;
    readonly concurrency: number;
    readonly lockDurationMs: number;
    readonly stalledIntervalMs: number;
    readonly maxStalledCount: number;
  };
  /** The HTTP edges' limits: no client, however slow or malformed, holds an edge. */
  readonly http: {
    /** Largest accepted request body (413 above it). */
    readonly bodyLimitBytes: number;
    /** Longest wait for a request's line and headers, from its first byte (408, then closed). */
    readonly headersTimeoutMs: number;
    /**
     * Longest wait for a whole request, body included. Only receiving is
     * timed: a response being written (a server-sent-events stream) is not cut.
     */
    readonly requestTimeoutMs: number;
    /** An idle keep-alive connection is closed after this. */
    readonly keepAliveTimeoutMs: number;
    /** How often the two timeouts above are checked, so a slow client is cut within timeout + this. */
    readonly timeoutCheckIntervalMs: number;
    /** Largest request line plus headers (431 above it). */
    readonly maxHeaderBytes: number;
  };
  /**
   * Orders whose critical path an edge runs in memory (sync, hybrid) are
   * leased to it while it works; a settler compensates and fails an order
   * whose lease ran out (its process crashed or froze), and retries a
   * compensation that could not finish (a dependency down) until it does.
   */
  readonly settlement: {
    readonly leaseMs: number;
    readonly intervalMs: number;
    readonly retryMs: number;
  };
  /**
   * The nice value the launcher gives the workers behind an edge (every async
   * app, the hybrid's background services); 0 (the default) runs them level
   * with the request path. Above 0, on a machine they share with it, the
   * request path gets the CPU first and the backlog waits: accepts get faster,
   * completions slower.
   */
  readonly backgroundNice: number;
  /**
   * `idle`: the same workers run under Linux's SCHED_IDLE policy (via chrt):
   * only on CPU no other task wants, and any other task that wakes preempts
   * them at once, which a nice value does not guarantee (the kernel lets the
   * running task finish its slice). The backlog waits longer still.
   */
  readonly backgroundPolicy: 'normal' | 'idle';
  /** Graceful shutdown: how long in-flight work may take before a forced stop. */
  readonly shutdownGraceMs: number;
  /** Fault-injection and admin endpoints: off unless enabled, and need the token. */
  readonly control: {
    readonly enabled: boolean;
    readonly token: string;
    /** The control endpoint of the brokers' supervisor (`nx run brokers:serve`). */
    readonly brokersPort: number;
  };
  readonly stacks: {
    readonly sync: SyncStackConfig;
    readonly async: AsyncStackConfig;
    readonly hybrid: HybridStackConfig;
  };
}
