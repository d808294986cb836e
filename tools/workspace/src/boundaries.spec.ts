import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findMixing, findViolations, formatViolation, type GraphLike } from './boundaries.js';

const node = (...tags: string[]) => ({ data: { tags } });

describe('findViolations', () => {
  const graph: GraphLike = {
    nodes: {
      domain: node('scope:shared', 'type:domain'),
      contracts: node('scope:shared', 'type:contracts'),
      'transport-nats': node('scope:shared', 'transport:nats'),
      'transport-grpc': node('scope:shared', 'transport:grpc'),
      'sync-payment': node('scope:sync', 'type:app'),
      'async-payment': node('scope:async', 'type:app'),
      'hybrid-gateway': node('scope:hybrid', 'type:app'),
    },
    dependencies: {
      domain: [{ target: 'npm:nats' }, { target: 'contracts' }],
      contracts: [{ target: 'domain' }, { target: 'npm:@grpc/grpc-js' }],
      'sync-payment': [
        { target: 'transport-grpc' },
        { target: 'transport-nats' },
        { target: 'npm:bullmq' },
      ],
      'async-payment': [
        { target: 'transport-nats' },
        { target: 'npm:@grpc/grpc-js' },
        { target: 'sync-payment' },
      ],
      'hybrid-gateway': [
        { target: 'transport-grpc' },
        { target: 'transport-nats' },
        { target: 'npm:bullmq' },
      ],
      'transport-nats': [{ target: 'async-payment' }],
    },
  };

  it('finds every edge across a boundary and nothing else', () => {
    expect(findViolations(graph).map((v) => `${v.source} -> ${v.target}`)).toEqual([
      'domain -> npm:nats',
      'domain -> contracts',
      'sync-payment -> transport-nats',
      'sync-payment -> npm:bullmq',
      'async-payment -> npm:@grpc/grpc-js',
      'async-payment -> sync-payment',
      'transport-nats -> async-payment',
    ]);
  });

  it('explains each violation', () => {
    expect(formatViolation(findViolations(graph)[0]!)).toMatch(
      /^domain → npm:nats: libs\/domain is pure/,
    );
  });
});

describe('findMixing', () => {
  const graph: GraphLike = {
    nodes: {
      'transport-nats': node('scope:shared', 'transport:nats'),
      'transport-grpc': node('scope:shared', 'transport:grpc'),
      'checkout-hybrid': node('scope:hybrid', 'transport:grpc', 'transport:nats'),
      'http-edge': node('scope:shared', 'type:edge'),
      loadtest: node('scope:tools', 'type:tool'),
    },
    dependencies: {
      'checkout-hybrid': [{ target: 'transport-grpc' }, { target: 'transport-nats' }],
      'http-edge': [{ target: 'transport-grpc' }, { target: 'npm:bullmq' }],
      loadtest: [{ target: 'npm:@grpc/grpc-js' }, { target: 'npm:nats' }],
      'transport-grpc': [{ target: 'npm:@grpc/grpc-js' }],
    },
  };

  it('finds a shared or stack project that reaches gRPC and messaging, and not the hybrid or a tool', () => {
    const found = findMixing(graph);
    expect(found.map((v) => `${v.source} -> ${v.target}`)).toEqual([
      'http-edge -> transport-grpc + npm:bullmq',
    ]);
    expect(formatViolation(found[0]!)).toMatch(/only the hybrid .* \(rule for scope:shared, /);
  });
});

describe('the workspace', () => {
  it('has no violation (and libs/domain has no dependency at all)', () => {
    const root = fileURLToPath(new URL('../../..', import.meta.url));
    const out = execFileSync(
      process.execPath,
      ['--conditions=@lab/source', '--import', 'tsx', 'tools/workspace/src/check-boundaries.ts'],
      {
        cwd: root,
        env: { ...process.env, NX_DAEMON: 'false' },
        encoding: 'utf8',
      },
    );
    expect(out).toMatch(/module boundaries: ok \(\d+ projects checked\)/);
  }, 60_000);
});
