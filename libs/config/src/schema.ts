import { PROFILE_NAMES, SERVICE_NAMES, type ServiceName, type Variant } from '@lab/domain';
import { address, boolean, decimal, integer, list, oneOf, port, text, url } from './parsers.js';
import { type Setting, setting } from './setting.js';
import { DEFAULT_PORTS, grpcService, stackEdge, workerService } from './stack-settings.js';
import { webhookPort, webhookSettings } from './webhook-settings.js';

export { DEFAULT_PORTS } from './stack-settings.js';

const HOST = text(/^[A-Za-z0-9.:-]+$/, 'a host name or IP address');
const millis = (min: number, max: number) => integer(min, max);
/** The most nodes a project's NATS cluster may have (and a stream's replicas, JetStream's own limit). */
const MAX_NATS_NODES = 5;
/** Sentinels the project starts: three, so two make a quorum when one is lost with the primary. */
export const SENTINELS = 3;

/** A service of a stack that a launcher runs as one or more processes. */
export interface ReplicatedService {
  readonly stack: Variant;
  readonly service: ServiceName;
  /** The setting of the first replica's port (gRPC or health/metrics). */
  readonly port: Setting;
  /** A gRPC service's metrics port setting (of the first replica); workers serve metrics on `port`. */
  readonly metricsPort: Setting | undefined;
  readonly replicas: Setting;
}

/** A process of a stack that serves Prometheus text on `GET /metrics`. */
export interface MetricsEndpoint {
  readonly stack: Variant;
  readonly service: ServiceName | 'gateway';
  /** What serves it: the HTTP edge, a gRPC service's own metrics port, a worker's health port. */
  readonly kind: 'edge' | 'grpc' | 'worker';
  /** The setting of its port (of the first replica: replica k is `replicaPort(port, k)`). */
  readonly port: Setting;
}

/**
 * Every setting of the lab, in the order they are resolved. A default given
 * as a function sees the settings above it.
 */
export const SETTINGS = [
  setting('LAB_HOST', 'host', HOST, '127.0.0.1', 'address every server binds to'),
  setting(
    'LAB_DATA_DIR',
    'dataDir',
    text(/.+/, 'a folder'),
    '.lab/data',
    'broker data folder, relative to the workspace root',
  ),
  setting(
    'LAB_LOG_LEVEL',
    'logLevel',
    oneOf(['debug', 'info', 'warn', 'error', 'silent'] as const),
    'info',
    'log level',
  ),
  // Bounded log volume in an outage: one broker down makes every call fail alike.
  setting(
    'LAB_LOG_REPEAT_LIMIT',
    'logging.repeatLimit',
    integer(1, 1_000_000),
    10,
    'identical warnings or errors (same message and error code) a process writes per interval; the rest are counted in one "suppressed K similar" line at its end',
  ),
  setting(
    'LAB_LOG_REPEAT_INTERVAL_MS',
    'logging.repeatIntervalMs',
    millis(100, 3_600_000),
    10_000,
    'the interval of LAB_LOG_REPEAT_LIMIT',
  ),
  setting(
    'LAB_METRICS_HOST',
    'metrics.host',
    HOST,
    '127.0.0.1',
    'address the metrics ports of the gRPC services bind to (loopback unless set: whoever reaches it can read them)',
  ),
  setting(
    'LAB_METRICS_COLLECT_TIMEOUT_MS',
    'metrics.collectTimeoutMs',
    millis(10, 60_000),
    1_000,
    'longest a scrape waits for a figure read from a broker (queue backlog); past it the figure is left out of that scrape',
  ),

  setting(
    'LAB_PROFILE',
    'simulation.profile',
    oneOf(PROFILE_NAMES),
    'seed',
    `latency profile: ${PROFILE_NAMES.join(', ')} (seed: the article's delays, no jitter)`,
  ),
  setting(
    'LAB_TIME_SCALE',
    'simulation.timeScale',
    decimal(0, 100),
    1,
    'multiplies every simulated delay (tests use 0.01)',
  ),
  setting(
    'LAB_SEED',
    'simulation.seed',
    integer(0, 2 ** 31 - 1),
    1,
    'seed of every random draw: the same seed repeats a run',
  ),
  setting(
    'LAB_DECLINE_RATE',
    'simulation.declineRate',
    decimal(0, 1),
    0,
    'share of cards other than the test cards that the issuer declines',
  ),
  setting(
    'LAB_CATALOG_SIZE',
    'simulation.catalogSize',
    integer(1, 100_000),
    100,
    'regular SKUs in the catalog',
  ),
  setting(
    'LAB_INITIAL_STOCK',
    'simulation.initialStock',
    integer(0, 1_000_000_000),
    1_000_000,
    'units per regular SKU',
  ),

  setting(
    'NATS_PORT',
    'nats.port',
    port,
    DEFAULT_PORTS.nats,
    "the project's nats-server client port",
  ),
  setting(
    'NATS_MONITOR_PORT',
    'nats.monitorPort',
    port,
    DEFAULT_PORTS.natsMonitor,
    "the project's nats-server monitoring port",
  ),
  // A cluster of three survives the loss of any one node (its streams are
  // replicated on each); node k takes the k-1th port above each base port.
  setting(
    'LAB_NATS_NODES',
    'nats.nodes',
    integer(1, MAX_NATS_NODES),
    1,
    'nats-server nodes the project starts: 1, a single server; 3, a cluster with routes and clustered JetStream (node k on NATS_PORT, NATS_MONITOR_PORT and LAB_NATS_CLUSTER_PORT plus k-1)',
  ),
  setting(
    'LAB_NATS_CLUSTER_PORT',
    'nats.clusterPort',
    port,
    DEFAULT_PORTS.natsCluster,
    "the route port of the first node of the project's NATS cluster (LAB_NATS_NODES above 1)",
  ),
  setting(
    'NATS_URL',
    'nats.urls',
    list(url(['nats', 'tls']), 'nats:// URLs'),
    (r) =>
      Array.from(
        { length: r.get('nats.nodes') as number },
        (_, k) => `nats://127.0.0.1:${String((r.get('nats.port') as number) + k)}`,
      ),
    'NATS servers (comma-separated), every node of a cluster; set it to use servers the project does not start',
  ),
  setting(
    'LAB_STREAM_REPLICAS',
    'jetstream.replicas',
    integer(1, MAX_NATS_NODES),
    (r) => r.get('nats.nodes') as number,
    "copies of each stream and its consumers (JetStream R); the project's nodes unless set: set it (3) for a cluster the project does not start",
  ),
  setting('REDIS_PORT', 'redis.port', port, DEFAULT_PORTS.redis, "the project's redis-server port"),
  setting(
    'REDIS_URL',
    'redis.urls',
    list(url(['redis', 'rediss']), 'redis:// URLs'),
    (r) => [`redis://127.0.0.1:${String(r.get('redis.port'))}`],
    'Redis servers (comma-separated); set it to use servers the project does not start',
  ),
  // Sentinel: a primary, a replica and three Sentinels that promote the
  // replica when the primary is gone. Replication is asynchronous, so a
  // failover can lose writes the primary had acknowledged (LAB_REDIS_WAIT_MS).
  setting(
    'LAB_REDIS_MODE',
    'redis.mode',
    oneOf(['single', 'sentinel'] as const),
    'single',
    'single: one redis-server at REDIS_URL; sentinel: every client finds the primary through LAB_REDIS_SENTINELS (the project starts a primary, a replica and three Sentinels unless they are set)',
  ),
  setting(
    'LAB_REDIS_REPLICA_PORT',
    'redis.replicaPort',
    port,
    DEFAULT_PORTS.redisReplica,
    "the project's Redis replica's port (sentinel mode)",
  ),
  setting(
    'LAB_REDIS_SENTINEL_PORT',
    'redis.sentinelPort',
    port,
    DEFAULT_PORTS.redisSentinel,
    "the first of the project's three Sentinels' ports (sentinel mode; the others take the next two)",
  ),
  setting(
    'LAB_REDIS_SENTINELS',
    'redis.sentinels',
    list(address, 'host:port'),
    (r) =>
      r.get('redis.mode') === 'sentinel'
        ? Array.from(
            { length: SENTINELS },
            (_, k) => `127.0.0.1:${String((r.get('redis.sentinelPort') as number) + k)}`,
          )
        : [],
    'Sentinels (host:port, comma-separated) clients ask for the primary in sentinel mode; set it to use Sentinels the project does not start',
  ),
  setting(
    'LAB_REDIS_DOWN_AFTER_MS',
    'redis.downAfterMs',
    millis(100, 600_000),
    1_000,
    "the project's Sentinels count the primary as down after it has not answered for this long (down-after-milliseconds)",
  ),
  setting(
    'LAB_REDIS_FAILOVER_TIMEOUT_MS',
    'redis.failoverTimeoutMs',
    millis(1_000, 3_600_000),
    5_000,
    "how long one failover of the project's Sentinels may take before another is tried (failover-timeout)",
  ),
  setting(
    'LAB_REDIS_MASTER_NAME',
    'redis.masterName',
    text(/^[A-Za-z0-9._-]+$/, 'a name of letters, digits, dots, dashes'),
    'lab',
    'the name the Sentinels monitor the primary under',
  ),
  // Commands issued in the same tick go out in one write (ioredis
  // enableAutoPipelining): the same commands in the same order on one
  // connection. Off by default: alternated capacity ramps measured Redis
  // 19 % cheaper per checkout and the gateway 4–6 % dearer, no gain in all,
  // and a batch waits for the one before it (docs/performance.md).
  setting(
    'LAB_REDIS_AUTO_PIPELINING',
    'redis.autoPipelining',
    boolean,
    false,
    "on: the stacks' own Redis clients (orders, effects, outbox, vault; not BullMQ's) send the commands issued in one tick as one write (ioredis enableAutoPipelining); off: a write per command",
  ),
  setting(
    'LAB_REDIS_WAIT_MS',
    'redis.waitMs',
    millis(0, 60_000),
    0,
    'after the writes that must survive a failover (an order accepted, an effect recorded, an outbox entry), wait up to this for a replica to have them (Redis WAIT 1 <ms>); 0: off',
  ),
  // The card vault: a Redis of its own that keeps nothing on disk, holding
  // each card under a token until its TTL has passed (its CVC only until the
  // card is charged).
  setting(
    'LAB_VAULT_PORT',
    'vault.port',
    port,
    DEFAULT_PORTS.vault,
    "the card vault's redis-server port (memory only: no AOF, no snapshot)",
  ),
  setting(
    'LAB_VAULT_URL',
    'vault.urls',
    list(url(['redis', 'rediss']), 'redis:// URLs'),
    (r) => [`redis://127.0.0.1:${String(r.get('vault.port'))}`],
    'card vault Redis servers (card numbers live only there); set it to use a vault the project does not start',
  ),
  setting(
    'LAB_VAULT_TTL_MS',
    'vault.ttlMs',
    millis(1_000, 7 * 86_400_000),
    3_600_000,
    'how long a card token lives: an async order may wait out a long outage before payment redeems it',
  ),

  setting(
    'LAB_GRPC_DEADLINE_MS',
    'grpc.deadlineMs',
    millis(1, 600_000),
    10_000,
    'deadline of one gRPC call',
  ),
  // Retries come from the clients' service config (retryPolicy), not a loop.
  setting(
    'LAB_GRPC_MAX_ATTEMPTS',
    'grpc.maxAttempts',
    integer(1, 5),
    3,
    'attempts for idempotent gRPC calls',
  ),
  setting(
    'LAB_ACK_WAIT_MS',
    'jetstream.ackWaitMs',
    millis(100, 600_000),
    30_000,
    'JetStream AckWait',
  ),
  setting(
    'LAB_MAX_DELIVER',
    'jetstream.maxDeliver',
    integer(1, 100),
    5,
    'JetStream MaxDeliver before dead-lettering',
  ),
  setting(
    'LAB_CONSUMER_CONCURRENCY',
    'jetstream.concurrency',
    integer(1, 10_000),
    256,
    'messages a consumer works on at once',
  ),
  setting('LAB_JOB_ATTEMPTS', 'jobs.attempts', integer(1, 100), 8, 'BullMQ attempts per job'),
  setting(
    'LAB_JOB_BACKOFF_MS',
    'jobs.backoffMs',
    millis(1, 600_000),
    500,
    'first BullMQ backoff (exponential)',
  ),
  setting(
    'LAB_JOB_LOCK_MS',
    'jobs.lockDurationMs',
    millis(100, 600_000),
    10_000,
    'a job whose worker died is retried after about this',
  ),
  setting(
    'LAB_JOB_STALLED_INTERVAL_MS',
    'jobs.stalledIntervalMs',
    millis(100, 600_000),
    5_000,
    'how often stalled jobs are looked for',
  ),
  setting(
    'LAB_JOB_MAX_STALLED',
    'jobs.maxStalledCount',
    integer(1, 100),
    5,
    'stalls a job survives before it fails',
  ),
  // The transactional outbox: events written with the state change, published after.
  setting(
    'LAB_OUTBOX_RELAY_MS',
    'outbox.relayIntervalMs',
    millis(10, 60_000),
    500,
    'how often the outbox relay looks for unpublished events',
  ),
  setting(
    'LAB_OUTBOX_MIN_AGE_MS',
    'outbox.minAgeMs',
    millis(0, 600_000),
    1_000,
    'age at which an unpublished event is republished',
  ),
  setting(
    'LAB_PUBLISH_TIMEOUT_MS',
    'jetstream.publishTimeoutMs',
    millis(10, 60_000),
    2_000,
    'wait for one JetStream publish ack',
  ),
  setting(
    'LAB_JOB_CONCURRENCY',
    'jobs.concurrency',
    integer(1, 10_000),
    256,
    'jobs a worker runs at once',
  ),
  // The HTTP edges' limits: no client, however slow or malformed, holds an edge.
  setting(
    'LAB_BODY_LIMIT_BYTES',
    'http.bodyLimitBytes',
    integer(256, 10_485_760),
    65_536,
    'largest accepted request body',
  ),
  setting(
    'LAB_HTTP_HEADERS_TIMEOUT_MS',
    'http.headersTimeoutMs',
    millis(100, 600_000),
    10_000,
    "longest an edge waits for a request's line and headers (408, then closed)",
  ),
  setting(
    'LAB_HTTP_REQUEST_TIMEOUT_MS',
    'http.requestTimeoutMs',
    millis(100, 3_600_000),
    30_000,
    'longest an edge waits for a whole request, body included; the response is not timed (SSE)',
  ),
  setting(
    'LAB_HTTP_KEEP_ALIVE_TIMEOUT_MS',
    'http.keepAliveTimeoutMs',
    millis(100, 600_000),
    5_000,
    'an idle keep-alive connection is closed after this',
  ),
  setting(
    'LAB_HTTP_TIMEOUT_CHECK_MS',
    'http.timeoutCheckIntervalMs',
    millis(10, 60_000),
    1_000,
    'how often the header and request timeouts are checked: a slow client is cut within timeout + this',
  ),
  setting(
    'LAB_HTTP_MAX_HEADER_BYTES',
    'http.maxHeaderBytes',
    integer(1_024, 1_048_576),
    16_384,
    'largest request line plus headers (431 above it)',
  ),
  // Every app is a Node process whose young generation V8 sizes from the
  // machine's memory (tens of MB here): a scavenge then copies what a second
  // of requests left alive, 15-28 ms during which every request in flight in
  // that process waits, and a checkout crosses up to seven such processes. A
  // small semi-space scavenges often and briefly (docs/performance.md, "GC
  // pauses and the capacity ceiling").
  setting(
    'LAB_NODE_SEMI_SPACE_MB',
    'node.semiSpaceMb',
    integer(0, 1_024),
    2,
    "V8's semi-space of every app process, MB (node --max-semi-space-size); 0 leaves V8's own size",
  ),
  // The workers behind an edge (every async app, the hybrid's background
  // services) run level with the request path by default. A nice value above 0
  // lets the request path get the CPU first on a machine they share: accepts
  // get faster, completions slower. SCHED_IDLE (via chrt) goes further: they
  // run only on CPU no other task wants, and any task that wakes preempts them
  // at once, which a nice value does not guarantee.
  setting(
    'LAB_BACKGROUND_NICE',
    'backgroundNice',
    integer(0, 19),
    0,
    'OS priority (nice) of the workers behind an edge (async apps); 10 lets the request path go first',
  ),
  setting(
    'LAB_BACKGROUND_POLICY',
    'backgroundPolicy',
    oneOf(['normal', 'idle'] as const),
    'normal',
    'CPU scheduling of the workers behind an edge: idle (Linux SCHED_IDLE) runs them on CPU nothing else wants, so the request path preempts them at once',
  ),
  // Orders whose critical path an edge runs in memory (sync, hybrid) are
  // leased to it while it works; a settler compensates and fails an order
  // whose lease ran out (its process crashed or froze), and retries a
  // compensation that could not finish (a dependency down) until it does.
  setting(
    'LAB_CHECKOUT_LEASE_MS',
    'settlement.leaseMs',
    millis(100, 600_000),
    10_000,
    'a sync or hybrid order whose edge stops renewing it (crashed, frozen) is compensated and failed after this',
  ),
  setting(
    'LAB_SETTLE_INTERVAL_MS',
    'settlement.intervalMs',
    millis(10, 60_000),
    500,
    'how often an edge looks for orders to settle (leases run out, compensations to retry)',
  ),
  setting(
    'LAB_SETTLE_RETRY_MS',
    'settlement.retryMs',
    millis(10, 600_000),
    1_000,
    'wait before a compensation that could not finish (a dependency down) is tried again',
  ),
  setting(
    'LAB_SHUTDOWN_GRACE_MS',
    'shutdownGraceMs',
    millis(0, 600_000),
    10_000,
    'time in-flight work gets on SIGTERM',
  ),
  // Tracing is opt-in: off, the span helpers are one flag check, so a
  // benchmark measures the stack and not its instrumentation.
  setting(
    'LAB_TRACING',
    'tracing.mode',
    oneOf(['off', 'otlp'] as const),
    'off',
    'OpenTelemetry tracing: off, or otlp (spans exported over OTLP/HTTP to LAB_OTLP_ENDPOINT)',
  ),
  setting(
    'LAB_OTLP_ENDPOINT',
    'tracing.endpoint',
    url(['http', 'https']),
    'http://127.0.0.1:4318',
    'OTLP/HTTP collector the spans go to (its /v1/traces), e.g. an OpenTelemetry Collector or Jaeger',
  ),
  setting(
    'LAB_TRACE_SAMPLE_RATIO',
    'tracing.sampleRatio',
    decimal(0, 1),
    1,
    'share of orders traced (by trace id); every span of a traced order follows it',
  ),
  setting(
    'LAB_TRACE_EXPORT_DELAY_MS',
    'tracing.exportDelayMs',
    millis(10, 60_000),
    1_000,
    'longest a finished span waits in the batch before it is exported',
  ),
  setting(
    'LAB_TRACE_QUEUE_SIZE',
    'tracing.queueSize',
    integer(1, 1_000_000),
    8_192,
    'finished spans a process holds for export at most; past it new spans are dropped',
  ),
  setting(
    'LAB_TRACE_BATCH_SIZE',
    'tracing.batchSize',
    integer(1, 100_000),
    512,
    'spans per export request',
  ),
  setting(
    'LAB_TRACE_EXPORT_TIMEOUT_MS',
    'tracing.exportTimeoutMs',
    millis(100, 600_000),
    10_000,
    'longest one export request may take',
  ),
  // Fault-injection and admin endpoints: off unless enabled, and they need the token.
  setting(
    'LAB_CONTROL_ENABLED',
    'control.enabled',
    boolean,
    false,
    'turns on the fault-injection endpoints (loopback only; they need the token)',
  ),
  setting(
    'LAB_CONTROL_TOKEN',
    'control.token',
    text(/^.*$/, 'a token'),
    '',
    'bearer token the control endpoint requires (16+ characters)',
  ),
  setting(
    'LAB_BROKERS_CONTROL_PORT',
    'control.brokersPort',
    port,
    DEFAULT_PORTS.brokersControl,
    'control endpoint of `nx run brokers:serve` (loopback; when control is enabled)',
  ),

  // Link proxies: this kernel has no netem, so network faults act in a TCP
  // proxy the launcher puts on each link between two processes.
  setting(
    'LAB_LINKS',
    'links.enabled',
    boolean,
    false,
    'on (or true): the launcher puts a TCP proxy on every link (edge → each gRPC service, every process → NATS, Redis and the vault), where link faults act; off: processes connect directly',
  ),
  setting(
    'LAB_LINK_BUFFER_BYTES',
    'links.bufferBytes',
    integer(16_384, 1_073_741_824),
    1_048_576,
    'bytes one direction of a proxied connection holds back (latency, bandwidth) before it stops reading: past it, backpressure rather than memory',
  ),

  ...webhookSettings(),

  ...stackEdge('sync'),
  ...SERVICE_NAMES.flatMap((s) => grpcService('sync', s)),
  // The sync edge serves like a server with a thread pool: a bounded number at once, a bounded queue, then 503.
  setting(
    'LAB_SYNC_MAX_IN_FLIGHT',
    'stacks.sync.maxInFlight',
    integer(1, 100_000),
    200,
    'checkouts the sync edge serves at once',
  ),
  setting(
    'LAB_SYNC_MAX_QUEUED',
    'stacks.sync.maxQueued',
    integer(0, 1_000_000),
    200,
    'checkouts that may wait for a slot',
  ),
  setting(
    'LAB_SYNC_QUEUE_TIMEOUT_MS',
    'stacks.sync.queueTimeoutMs',
    millis(0, 600_000),
    5_000,
    'longest wait for a slot',
  ),

  ...stackEdge('async'),
  webhookPort('async'),
  ...SERVICE_NAMES.flatMap((s) => workerService('async', s)),

  ...stackEdge('hybrid'),
  webhookPort('hybrid'),
  ...(['payment', 'inventory'] as const).flatMap((s) => grpcService('hybrid', s)),
  ...(['notification', 'analytics', 'warehouse'] as const).flatMap((s) =>
    workerService('hybrid', s),
  ),
] as const;

/** Every service with a replica count, with the setting of its first replica's port. */
export const REPLICATED_SERVICES: readonly ReplicatedService[] = SETTINGS.flatMap(
  (replicas: Setting) => {
    const match = /^stacks\.(\w+)\.replicas\.(\w+)$/.exec(replicas.path);
    if (!match) return [];
    const [, stack, service] = match as unknown as [string, Variant, ServiceName];
    const ports = [
      `stacks.${stack}.services.${service}.port`,
      `stacks.${stack}.workerPorts.${service}`,
    ];
    const port = SETTINGS.find((s) => ports.includes(s.path));
    if (!port) throw new Error(`${replicas.env} has no port setting`);
    const metricsPort = SETTINGS.find(
      (s) => s.path === `stacks.${stack}.services.${service}.metricsPort`,
    );
    return [{ stack, service, port, metricsPort, replicas }];
  },
);

/**
 * Every port that serves `GET /metrics`, read off the settings: each
 * stack's edge, and each service's metrics port (gRPC) or health port
 * (workers). The Prometheus scrape config in docs/ is written from it.
 */
export const METRICS_ENDPOINTS: readonly MetricsEndpoint[] = SETTINGS.flatMap(
  (port: Setting): MetricsEndpoint[] => {
    const edge = /^stacks\.(\w+)\.gatewayPort$/.exec(port.path);
    if (edge) return [{ stack: edge[1] as Variant, service: 'gateway', kind: 'edge', port }];
    const grpc = /^stacks\.(\w+)\.services\.(\w+)\.metricsPort$/.exec(port.path);
    const worker = /^stacks\.(\w+)\.workerPorts\.(\w+)$/.exec(port.path);
    const match = grpc ?? worker;
    if (!match) return [];
    const [, stack, service] = match as unknown as [string, Variant, ServiceName];
    return [{ stack, service, kind: grpc ? 'grpc' : 'worker', port }];
  },
);
