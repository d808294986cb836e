import { join } from 'node:path';
import { Broker, type BrokerOptions } from './broker.js';
import { ManagedProcess } from './managed-process.js';
import { findBinary } from './net.js';

/** How long one monitoring request may take before the node counts as not answering. */
const MONITOR_TIMEOUT_MS = 1000;

/** A node's place in a cluster: its route port and every peer's route URL. */
export interface NatsClusterMembership {
  /** The cluster's name, the same on every node. */
  readonly name: string;
  /** The port this node accepts routes from its peers on. */
  readonly port: number;
  /** nats://host:port of every node's route port (this node's own included, which it skips). */
  readonly routes: readonly string[];
}

export interface NatsServerOptions extends BrokerOptions {
  /** The HTTP monitoring port (health, JetStream and consumer stats). */
  readonly monitorPort: number;
  /** Its name in the cluster and in JetStream's placement (`lab-nats-<port>` unless given). */
  readonly serverName?: string;
  /** Set for a node of a cluster: JetStream is then clustered (replicated streams). */
  readonly cluster?: NatsClusterMembership;
}

/** The parts of `/jsz` the lab reads. */
export interface JetStreamStatus {
  readonly meta_cluster?: { readonly leader?: string };
  readonly account_details?: readonly {
    readonly stream_detail?: readonly {
      readonly name: string;
      readonly cluster?: { readonly leader?: string };
    }[];
  }[];
}

/** nats-server with JetStream, storing streams under `dataDir/jetstream`. */
export class NatsServer extends Broker {
  readonly kind = 'nats';
  protected readonly process: ManagedProcess;

  constructor(override readonly options: NatsServerOptions) {
    super(options);
    const cluster = options.cluster
      ? [
          '--cluster_name',
          options.cluster.name,
          '--cluster',
          `nats://${this.host}:${options.cluster.port}`,
          '--routes',
          options.cluster.routes.join(','),
        ]
      : [];
    this.process = new ManagedProcess({
      name: options.name ?? 'nats-server',
      command: findBinary('nats-server', options.binary),
      args: [
        '--jetstream',
        '--store_dir',
        options.dataDir,
        '--addr',
        this.host,
        '--port',
        String(options.port),
        '--http_port',
        String(options.monitorPort),
        '--server_name',
        this.serverName,
        ...cluster,
      ],
      ...(options.onOutput ? { onOutput: options.onOutput } : {}),
    });
  }

  get serverName(): string {
    return this.options.serverName ?? `lab-nats-${this.options.port}`;
  }

  get url(): string {
    return `nats://${this.host}:${this.port}`;
  }

  get monitorUrl(): string {
    return `http://${this.host}:${this.options.monitorPort}`;
  }

  get storeDir(): string {
    return join(this.options.dataDir, 'jetstream');
  }

  /** JetStream's state as this node sees it (streams and their leaders with `streams`). */
  async jetStreamStatus(streams = false): Promise<JetStreamStatus> {
    const query = streams ? '?accounts=true&streams=true' : '';
    const response = await fetch(`${this.monitorUrl}/jsz${query}`, {
      signal: AbortSignal.timeout(MONITOR_TIMEOUT_MS),
    });
    if (!response.ok) throw new Error(`${this.name}: /jsz answered ${response.status}`);
    return (await response.json()) as JetStreamStatus;
  }

  protected async isReady(): Promise<boolean> {
    try {
      const response = await fetch(`${this.monitorUrl}/healthz`, {
        signal: AbortSignal.timeout(MONITOR_TIMEOUT_MS),
      });
      if (!response.ok) return false;
      // A clustered node serves JetStream only once the cluster has elected its meta leader.
      return !this.options.cluster || Boolean((await this.jetStreamStatus()).meta_cluster?.leader);
    } catch {
      return false;
    }
  }
}
