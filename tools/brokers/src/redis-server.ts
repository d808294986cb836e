import { connect } from 'node:net';
import { Broker } from './broker.js';
import type { BrokerOptions } from './broker.js';
import { ManagedProcess } from './managed-process.js';
import { findBinary } from './net.js';

/** Sends one inline command and returns the first reply line. */
export function redisCommand(
  host: string,
  port: number,
  command: string,
  timeoutMs = 1000,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    let reply = '';
    socket.setTimeout(timeoutMs, () => {
      socket.destroy();
      reject(new Error(`redis ${host}:${port} did not answer ${command}`));
    });
    socket.once('connect', () => socket.write(`${command}\r\n`));
    socket.on('data', (chunk) => {
      reply += chunk.toString();
      const end = reply.indexOf('\r\n');
      if (end >= 0) {
        socket.destroy();
        resolve(reply.slice(0, end));
      }
    });
    socket.once('error', (error) => {
      socket.destroy();
      reject(error);
    });
  });
}

export interface RedisServerOptions extends BrokerOptions {
  /**
   * `aof` (the default): the append-only file on, so that a stop and a start
   * (or a crash) keeps orders and the ledger. `memory`: nothing ever reaches
   * the disk, which is what the card vault needs; a restart forgets every card.
   */
  readonly persistence?: 'aof' | 'memory';
  /** Start as a replica of this server (the replica of a Sentinel set). */
  readonly replicaOf?: { readonly host: string; readonly port: number };
}

/** redis-server; snapshots are off either way: the AOF, when on, is the record. */
export class RedisServer extends Broker {
  readonly kind = 'redis';
  protected readonly process: ManagedProcess;

  constructor(override readonly options: RedisServerOptions) {
    super(options);
    const persistence =
      options.persistence === 'memory'
        ? ['--appendonly', 'no']
        : ['--appendonly', 'yes', '--appendfsync', 'everysec'];
    this.process = new ManagedProcess({
      name: options.name ?? 'redis-server',
      command: findBinary('redis-server', options.binary),
      args: [
        '--port',
        String(options.port),
        '--bind',
        this.host,
        '--dir',
        options.dataDir,
        ...persistence,
        '--save',
        '',
        '--daemonize',
        'no',
        '--protected-mode',
        'yes',
        '--logfile',
        '',
        ...(options.replicaOf
          ? ['--replicaof', options.replicaOf.host, String(options.replicaOf.port)]
          : []),
      ],
      ...(options.onOutput ? { onOutput: options.onOutput } : {}),
    });
  }

  get url(): string {
    return `redis://${this.host}:${this.port}`;
  }

  protected async isReady(): Promise<boolean> {
    try {
      // -LOADING while the AOF is replayed: not ready until PONG.
      return (await redisCommand(this.host, this.port, 'PING')) === '+PONG';
    } catch {
      return false;
    }
  }
}
