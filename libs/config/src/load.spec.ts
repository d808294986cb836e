import { describe, expect, expectTypeOf, it } from 'vitest';
import { VARIANTS, type ProfileName } from '@lab/domain';
import { ConfigError, describeSettings, loadConfig, type LabConfig } from './load.js';
import { REPLICATED_SERVICES, SETTINGS } from './schema.js';

const root = '/tmp/lab-root';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env, { workspaceRoot: root });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return [...(error as ConfigError).problems];
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('gives the documented defaults', () => {
    const c = loadConfig({}, { workspaceRoot: root });
    expect(c.host).toBe('127.0.0.1');
    expect(c.dataDir).toBe('/tmp/lab-root/.lab/data');
    expect(c.simulation).toEqual({
      profile: 'seed',
      timeScale: 1,
      seed: 1,
      declineRate: 0,
      catalogSize: 100,
      initialStock: 1_000_000,
    });
    expect(c.nats).toEqual({
      urls: ['nats://127.0.0.1:4422'],
      managed: true,
      port: 4422,
      monitorPort: 8422,
      nodes: 1,
      clusterPort: 6422,
    });
    expect(c.jetstream.replicas).toBe(1);
    expect(c.redis).toEqual({
      urls: ['redis://127.0.0.1:6479'],
      managed: true,
      port: 6479,
      mode: 'single',
      replicaPort: 6481,
      sentinelPort: 26479,
      sentinels: [],
      masterName: 'lab',
      downAfterMs: 1_000,
      failoverTimeoutMs: 5_000,
      autoPipelining: false,
      waitMs: 0,
    });
    expect(c.vault).toEqual({
      urls: ['redis://127.0.0.1:6480'],
      managed: true,
      port: 6480,
      ttlMs: 3_600_000,
    });
    expect(c.stacks.sync.gatewayPort).toBe(8101);
    expect(c.stacks.async.gatewayPort).toBe(8201);
    expect(c.stacks.hybrid.gatewayPort).toBe(8301);
    expect(c.stacks.sync.services.payment).toEqual({
      port: 8111,
      metricsPort: 8116,
      addresses: ['127.0.0.1:8111'],
    });
    expect(c.stacks.hybrid.services.inventory.metricsPort).toBe(8317);
    expect(c.logging).toEqual({ repeatLimit: 10, repeatIntervalMs: 10_000 });
    expect(c.metrics).toEqual({ host: '127.0.0.1', collectTimeoutMs: 1_000 });
    expect(c.stacks.sync.maxInFlight).toBe(200);
    expect(c.control).toEqual({ enabled: false, token: '', brokersPort: 8400 });
    expect(c.stacks.async.controlPort).toBe(8200);
  });

  it('takes every value from the environment, and overrides over that', () => {
    const c = loadConfig(
      {
        LAB_TIME_SCALE: '0.01',
        NATS_URL: 'nats://10.0.0.1:4222,nats://10.0.0.2:4222',
        LAB_SYNC_PAYMENT_PORT: '9000',
      },
      { workspaceRoot: root, overrides: { LAB_SEED: 9 } },
    );
    expect(c.simulation.timeScale).toBe(0.01);
    expect(c.simulation.seed).toBe(9);
    expect(c.nats.urls).toEqual(['nats://10.0.0.1:4222', 'nats://10.0.0.2:4222']);
    expect(c.nats.managed).toBe(false);
    expect(c.redis.managed).toBe(true);
    expect(c.stacks.sync.services.payment.addresses).toEqual(['127.0.0.1:9000']);
    const vault = loadConfig(
      { LAB_VAULT_PORT: '7000', LAB_VAULT_TTL_MS: '60000' },
      { workspaceRoot: root },
    ).vault;
    expect(vault).toEqual({
      urls: ['redis://127.0.0.1:7000'],
      managed: true,
      port: 7000,
      ttlMs: 60_000,
    });
    expect(
      loadConfig({ LAB_VAULT_URL: 'redis://10.0.0.3:6380' }, { workspaceRoot: root }).vault.managed,
    ).toBe(false);
  });

  it('is frozen all the way down', () => {
    const c = loadConfig({}, { workspaceRoot: root });
    expect(Object.isFrozen(c)).toBe(true);
    expect(Object.isFrozen(c.stacks.sync.services.payment.addresses)).toBe(true);
    expect(() => {
      (c.simulation as { seed: number }).seed = 2;
    }).toThrow(TypeError);
  });

  it.each([
    [
      { LAB_SYNC_GATEWAY_PORT: 'abc' },
      'LAB_SYNC_GATEWAY_PORT (stacks.sync.gatewayPort): expected a TCP port, an integer from 1 to 65535, got "abc"',
    ],
    [
      { LAB_TIME_SCALE: '-1' },
      'LAB_TIME_SCALE (simulation.timeScale): expected a number from 0 to 100, got "-1"',
    ],
    [
      { LAB_PROFILE: 'fast' },
      'LAB_PROFILE (simulation.profile): expected one of seed, lognormal, zero, provider, got "fast"',
    ],
    [
      { NATS_URL: 'http://x' },
      'NATS_URL (nats.urls): "http://x": expected a nats or tls URL, got "http://x"',
    ],
    [
      { LAB_SYNC_PAYMENT_ADDRESSES: 'a:1,' },
      'LAB_SYNC_PAYMENT_ADDRESSES (stacks.sync.services.payment.addresses): expected a comma-separated list of host:port, got "a:1,"',
    ],
    [
      { LAB_CONTROL_ENABLED: 'maybe' },
      'LAB_CONTROL_ENABLED (control.enabled): expected true or false, got "maybe"',
    ],
  ])('names the setting when %j is wrong', (env, problem) => {
    expect(problemsOf(env)).toEqual([problem]);
  });

  it('reports every bad setting at once', () => {
    expect(problemsOf({ LAB_SEED: 'x', REDIS_PORT: '0' }).map((p) => p.split(' ')[0])).toEqual([
      'LAB_SEED',
      'REDIS_PORT',
    ]);
  });

  it('refuses two servers on one port', () => {
    expect(problemsOf({ LAB_ASYNC_GATEWAY_PORT: '8101' })).toEqual([
      'LAB_ASYNC_GATEWAY_PORT: port 8101 is already taken by LAB_SYNC_GATEWAY_PORT',
    ]);
    expect(problemsOf({ LAB_VAULT_PORT: '6479' })).toEqual([
      'LAB_VAULT_PORT: port 6479 is already taken by REDIS_PORT',
    ]);
    // Brokers the project does not start do not hold a port here.
    expect(() =>
      loadConfig({ REDIS_URL: 'redis://x:1', REDIS_PORT: '8101' }, { workspaceRoot: root }),
    ).not.toThrow();
  });

  it('refuses two stacks in one namespace', () => {
    expect(problemsOf({ LAB_HYBRID_NAMESPACE: 'async' })[0]).toMatch(/must differ/);
  });

  it('bounds every HTTP edge: header, request and keep-alive timeouts, header size', () => {
    expect(loadConfig({}, { workspaceRoot: root }).http).toEqual({
      bodyLimitBytes: 65_536,
      headersTimeoutMs: 10_000,
      requestTimeoutMs: 30_000,
      keepAliveTimeoutMs: 5_000,
      timeoutCheckIntervalMs: 1_000,
      maxHeaderBytes: 16_384,
    });
    expect(problemsOf({ LAB_HTTP_HEADERS_TIMEOUT_MS: '40000' })).toEqual([
      'LAB_HTTP_HEADERS_TIMEOUT_MS (http.headersTimeoutMs): must not exceed LAB_HTTP_REQUEST_TIMEOUT_MS (30000), got 40000',
    ]);
    expect(problemsOf({ LAB_HTTP_MAX_HEADER_BYTES: '10' })).toEqual([
      'LAB_HTTP_MAX_HEADER_BYTES (http.maxHeaderBytes): expected an integer from 1024 to 1048576, got "10"',
    ]);
  });

  it('needs a long token to enable the control endpoint', () => {
    expect(problemsOf({ LAB_CONTROL_ENABLED: 'true' })[0]).toMatch(
      /^LAB_CONTROL_TOKEN .*16 characters/,
    );
    const c = loadConfig(
      { LAB_CONTROL_ENABLED: 'yes', LAB_CONTROL_TOKEN: 'x'.repeat(16) },
      { workspaceRoot: root },
    );
    expect(c.control.enabled).toBe(true);
  });

  describe('replicas', () => {
    it('runs one process of every service by default', () => {
      const c = loadConfig({}, { workspaceRoot: root });
      for (const stack of VARIANTS) {
        expect(c.stacks[stack].replicas).toEqual({
          payment: 1,
          inventory: 1,
          notification: 1,
          analytics: 1,
          warehouse: 1,
        });
      }
    });

    it('takes a count, and gRPC clients learn every replica at its own port', () => {
      const c = loadConfig(
        { LAB_SYNC_PAYMENT_REPLICAS: '3', LAB_ASYNC_PAYMENT_REPLICAS: '8' },
        { workspaceRoot: root },
      );
      expect(c.stacks.sync.replicas.payment).toBe(3);
      expect(c.stacks.sync.services.payment.addresses).toEqual([
        '127.0.0.1:8111',
        '127.0.0.1:8121',
        '127.0.0.1:8131',
      ]);
      expect(c.stacks.async.replicas.payment).toBe(8);
      // Addresses given by hand win over the rule.
      const own = loadConfig(
        { LAB_HYBRID_PAYMENT_REPLICAS: '2', LAB_HYBRID_PAYMENT_ADDRESSES: '10.0.0.1:1,10.0.0.2:1' },
        { workspaceRoot: root },
      );
      expect(own.stacks.hybrid.services.payment.addresses).toEqual(['10.0.0.1:1', '10.0.0.2:1']);
    });

    it('runs background workers level with the request path unless told otherwise, nice 0-19', () => {
      expect(loadConfig({}).backgroundNice).toBe(0);
      expect(loadConfig({ LAB_BACKGROUND_NICE: '10' }).backgroundNice).toBe(10);
      expect(loadConfig({}).backgroundPolicy).toBe('normal');
      expect(loadConfig({ LAB_BACKGROUND_POLICY: 'idle' }).backgroundPolicy).toBe('idle');
      expect(problemsOf({ LAB_BACKGROUND_POLICY: 'low' })[0]).toMatch(
        /^LAB_BACKGROUND_POLICY \(backgroundPolicy\): .*"low"/,
      );
      expect(problemsOf({ LAB_BACKGROUND_NICE: '20' })).toEqual([
        'LAB_BACKGROUND_NICE (backgroundNice): expected an integer from 0 to 19, got "20"',
      ]);
    });

    it("sizes every app's young generation small unless told otherwise (0: V8's own)", () => {
      expect(loadConfig({}).node.semiSpaceMb).toBe(2);
      expect(loadConfig({ LAB_NODE_SEMI_SPACE_MB: '0' }).node.semiSpaceMb).toBe(0);
      expect(problemsOf({ LAB_NODE_SEMI_SPACE_MB: '2MB' })).toEqual([
        'LAB_NODE_SEMI_SPACE_MB (node.semiSpaceMb): expected an integer from 0 to 1024, got "2MB"',
      ]);
    });

    it.each(['0', '9', 'two'])('refuses %j replicas, naming the setting', (raw) => {
      expect(problemsOf({ LAB_HYBRID_WAREHOUSE_REPLICAS: raw })).toEqual([
        `LAB_HYBRID_WAREHOUSE_REPLICAS (stacks.hybrid.replicas.warehouse): expected an integer from 1 to 8, got "${raw}"`,
      ]);
    });

    it('refuses a replica port another server holds, or one past 65535', () => {
      expect(problemsOf({ LAB_SYNC_PAYMENT_REPLICAS: '2', LAB_SYNC_GATEWAY_PORT: '8121' })).toEqual(
        [
          'LAB_SYNC_PAYMENT_REPLICAS (stacks.sync.replicas.payment), replica 2: port 8121 is already taken by LAB_SYNC_GATEWAY_PORT',
        ],
      );
      expect(
        problemsOf({ LAB_ASYNC_WAREHOUSE_PORT: '65530', LAB_ASYNC_WAREHOUSE_REPLICAS: '2' }),
      ).toEqual([
        'LAB_ASYNC_WAREHOUSE_REPLICAS (stacks.async.replicas.warehouse), replica 2: port 65540 is above 65535',
      ]);
      // A gRPC service's replicas each have a metrics port too, 10 apart like their gRPC ports.
      expect(
        problemsOf({ LAB_SYNC_PAYMENT_REPLICAS: '2', LAB_SYNC_INVENTORY_METRICS_PORT: '8126' }),
      ).toEqual([
        'LAB_SYNC_PAYMENT_REPLICAS (stacks.sync.replicas.payment), replica 2 metrics: port 8126 is already taken by LAB_SYNC_INVENTORY_METRICS_PORT',
      ]);
      expect(problemsOf({ LAB_HYBRID_PAYMENT_METRICS_PORT: '8311' })).toEqual([
        'LAB_HYBRID_PAYMENT_METRICS_PORT: port 8311 is already taken by LAB_HYBRID_PAYMENT_PORT',
      ]);
    });

    it('fits the most replicas of every service at the default ports', () => {
      const all = Object.fromEntries(REPLICATED_SERVICES.map((s) => [s.replicas.env, '8']));
      expect(Object.keys(all)).toHaveLength(15);
      expect(() => loadConfig(all, { workspaceRoot: root })).not.toThrow();
    });
  });

  it('describes every setting with its default', () => {
    const rows = describeSettings();
    expect(rows).toHaveLength(SETTINGS.length);
    expect(new Set(rows.map((r) => r.env)).size).toBe(SETTINGS.length);
    expect(rows.find((r) => r.env === 'NATS_URL')?.default).toBe('nats://127.0.0.1:4422');
  });

  it('has a value at every setting path and nothing else but the managed flags', () => {
    const c = loadConfig({}, { workspaceRoot: root });
    const leaves = (node: unknown, at: string): string[] =>
      node && typeof node === 'object' && !Array.isArray(node)
        ? Object.entries(node).flatMap(([k, v]) => leaves(v, at ? `${at}.${k}` : k))
        : [at];
    expect(leaves(c, '').sort()).toEqual(
      [...SETTINGS.map((s) => s.path), 'nats.managed', 'redis.managed', 'vault.managed'].sort(),
    );
  });

  it('is typed from the schema: each path with its parser type', () => {
    expectTypeOf<LabConfig['stacks']['sync']['services']['payment']>().toEqualTypeOf<{
      readonly port: number;
      readonly metricsPort: number;
      readonly addresses: readonly string[];
    }>();
    expectTypeOf<keyof LabConfig['stacks']['hybrid']['services']>().toEqualTypeOf<
      'payment' | 'inventory'
    >();
    expectTypeOf<keyof LabConfig['stacks']['async']>().toEqualTypeOf<
      'namespace' | 'gatewayPort' | 'controlPort' | 'workerPorts' | 'replicas' | 'webhookPort'
    >();
    expectTypeOf<LabConfig['simulation']['profile']>().toEqualTypeOf<ProfileName>();
    expectTypeOf<LabConfig['backgroundPolicy']>().toEqualTypeOf<'normal' | 'idle'>();
    expectTypeOf<LabConfig['vault']['managed']>().toEqualTypeOf<boolean>();
  });
});
