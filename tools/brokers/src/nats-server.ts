import { join } from 'node:path';
import { Broker, type BrokerOptions } from './broker.js';
import { ManagedProcess } from './managed-process.js';
import { findBinary } from './net.js';

export interface NatsServerOptions extends BrokerOptions {
  /** The HTTP monitoring port (health, JetStream and consumer stats). */
  readonly monitorPort: number;
}

/** nats-server with JetStream, storing streams under `dataDir/jetstream`. */
export class NatsServer extends Broker {
  readonly kind = 'nats';
  protected readonly process: ManagedProcess;

  constructor(override readonly options: NatsServerOptions) {
    super(options);
    this.process = new ManagedProcess({
      name: 'nats-server',
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
        `lab-nats-${options.port}`,
      ],
      ...(options.onOutput ? { onOutput: options.onOutput } : {}),
    });
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

  protected async isReady(): Promise<boolean> {
    try {
      const response = await fetch(`${this.monitorUrl}/healthz`, {
        signal: AbortSignal.timeout(1000),
      });
      return response.ok;
    } catch {
      return false;
    }
  }
}
