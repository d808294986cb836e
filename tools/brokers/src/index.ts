export { Broker, type BrokerKind, type BrokerOptions } from './broker.js';
export {
  NatsServer,
  type JetStreamStatus,
  type NatsClusterMembership,
  type NatsServerOptions,
} from './nats-server.js';
export {
  NatsCluster,
  natsNodeDataDir,
  natsNodeName,
  type NatsClusterOptions,
  type NatsNodePorts,
} from './nats-cluster.js';
export { RedisServer, redisCommand, type RedisServerOptions } from './redis-server.js';
export { RedisSentinel, addressOf, type RedisSentinelOptions } from './redis-sentinel.js';
export { RedisFailoverSet, sentinelDataDir, type RedisFailoverOptions } from './redis-failover.js';
export { RespError, infoFields, redisQuery, type RespValue } from './resp.js';
export { ManagedProcess, type ManagedProcessOptions } from './managed-process.js';
export { rawExchange, type RawAnswer, type RawExchangeOptions } from './raw-http.js';
export { findBinary, freePort, freePorts, portOpen, waitUntil, type WaitOptions } from './net.js';
export {
  cardVault,
  natsDataDir,
  redisDataDir,
  vaultDataDir,
  SENTINEL_DEFAULTS,
  startBrokers,
  type Brokers,
  type StartBrokersOptions,
} from './brokers.js';
