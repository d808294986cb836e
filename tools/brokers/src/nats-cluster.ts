import type { FaultTarget } from '@lab/faults';
import { join } from 'node:path';
import { NatsServer, type JetStreamStatus } from './nats-server.js';
import { waitUntil } from './net.js';

/** How long a fault on the leader waits for the cluster to name one (an election may be on). */
const LEADER_LOOKUP_TIMEOUT_MS = 10_000;

/** The ports of one node. */
export interface NatsNodePorts {
  readonly port: number;
  readonly monitorPort: number;
  /** Where its peers connect their routes. */
  readonly clusterPort: number;
}

export interface NatsClusterOptions {
  readonly host?: string;
  /** One entry per node; three make a cluster that survives the loss of any one. */
  readonly nodes: readonly NatsNodePorts[];
  /** Parent data folder: each node keeps its own store under it. */
  readonly parentDir: string;
  /** The cluster's name (`lab` unless given). */
  readonly name?: string;
  readonly onOutput?: (node: string, line: string) => void;
}

/** Node k (from 1) of a cluster: its fault target, its log prefix, its server name. */
export const natsNodeName = (k: number): string => `nats-${k}`;

export function natsNodeDataDir(parent: string, port: number): string {
  return join(parent, `nats-node-${port}`);
}

/** Which stream's leader a role target means: the named stream's, or the node leading the most. */
export function leaderName(
  status: JetStreamStatus,
  stream: string | undefined,
): string | undefined {
  const streams = (status.account_details ?? []).flatMap((a) => a.stream_detail ?? []);
  if (stream !== undefined) return streams.find((s) => s.name === stream)?.cluster?.leader;
  const led = new Map<string, number>();
  for (const s of streams) {
    const leader = s.cluster?.leader;
    if (leader) led.set(leader, (led.get(leader) ?? 0) + 1);
  }
  const top = [...led.entries()].sort((a, b) => b[1] - a[1])[0];
  return top?.[0] ?? status.meta_cluster?.leader;
}

/**
 * N nats-server nodes with routes between them and clustered JetStream:
 * each node has its own store, server name and ports, the same cluster name.
 * Ready once every node is healthy and the cluster has a JetStream meta leader.
 */
export class NatsCluster {
  readonly nodes: readonly NatsServer[];
  readonly host: string;

  constructor(readonly options: NatsClusterOptions) {
    this.host = options.host ?? '127.0.0.1';
    const routes = options.nodes.map((n) => `nats://${this.host}:${n.clusterPort}`);
    this.nodes = options.nodes.map(
      (ports, i) =>
        new NatsServer({
          name: natsNodeName(i + 1),
          serverName: natsNodeName(i + 1),
          host: this.host,
          port: ports.port,
          monitorPort: ports.monitorPort,
          dataDir: natsNodeDataDir(options.parentDir, ports.port),
          cluster: { name: options.name ?? 'lab', port: ports.clusterPort, routes },
          ...(options.onOutput
            ? { onOutput: (line: string) => options.onOutput!(natsNodeName(i + 1), line) }
            : {}),
        }),
    );
  }

  /** Every node's client URL: clients get them all and move between them. */
  get urls(): string[] {
    return this.nodes.map((n) => n.url);
  }

  /** A running node's monitoring URL (the first node's when none runs). */
  get monitorUrl(): string {
    return (this.nodes.find((n) => n.running) ?? this.nodes[0]!).monitorUrl;
  }

  async start(): Promise<this> {
    // Every node starts at once: none is ready before a majority is up to elect a leader.
    const started = await Promise.allSettled(this.nodes.map((n) => n.start()));
    const failed = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) {
      await this.stop();
      throw failed.reason;
    }
    return this;
  }

  async stop(): Promise<void> {
    await Promise.all(this.nodes.map((n) => n.stop()));
  }

  /** The node that leads `stream` now (or, without one, the node leading the most streams). */
  async leader(stream?: string): Promise<NatsServer> {
    let found: NatsServer | undefined;
    await waitUntil(
      async () => {
        for (const node of this.nodes.filter((n) => n.running)) {
          try {
            const name = leaderName(await node.jetStreamStatus(true), stream);
            found = this.nodes.find((n) => n.serverName === name);
            if (found) return true;
          } catch {
            // That node does not answer; ask the next.
          }
        }
        return false;
      },
      { timeoutMs: LEADER_LOOKUP_TIMEOUT_MS, what: `the leader of ${stream ?? 'the streams'}` },
    );
    return found!;
  }

  /**
   * Each node (`nats-1`…), the whole cluster (`nats`, as broker-outage
   * takes a single server down), and the leader by role (`nats-leader`):
   * the node leading `stream` when the fault starts, the same node restarted at its end.
   */
  faultTargets(stream?: string): FaultTarget[] {
    let chosen: NatsServer | undefined;
    const pick = async () => (chosen = await this.leader(stream));
    const whole: FaultTarget = {
      name: 'nats',
      kinds: ['broker-down', 'crash', 'hang'],
      kill: async () => void (await Promise.all(this.nodes.map((n) => n.kill()))),
      stop: () => this.stop(),
      start: async () => void (await this.start()),
      pause: () => this.nodes.forEach((n) => n.pause()),
      resume: () => this.nodes.forEach((n) => n.resume()),
    };
    const leader: FaultTarget = {
      name: 'nats-leader',
      // Not hang: freezing is immediate, and the leader is found over the network.
      kinds: ['broker-down', 'crash'],
      kill: async () => (await pick()).kill(),
      stop: async () => (await pick()).stop(),
      start: async () => void (await chosen?.start()),
    };
    return [...this.nodes.map((n) => n.faultTarget()), whole, leader];
  }
}
