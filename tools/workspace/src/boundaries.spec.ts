import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  RULES,
  findPairViolations,
  findViolations,
  formatViolation,
  type GraphLike,
} from './boundaries.js';

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
    expect(findViolations(graph, RULES, []).map((v) => `${v.source} -> ${v.target}`)).toEqual([
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

  it('adds, after the edges, the projects that reach both sides of a pair', () => {
    const all = findViolations(graph).map((v) => `${v.source} -> ${v.target}`);
    expect(all.slice(-2)).toEqual([
      'sync-payment -> transport-grpc + transport-nats',
      'async-payment -> npm:@grpc/grpc-js + transport-nats',
    ]);
  });
});

describe('a checkout flow and the edge', () => {
  const graph: GraphLike = {
    nodes: {
      'http-edge': node('scope:shared', 'type:edge'),
      'checkout-flow': node('scope:shared', 'type:flow'),
      'checkout-sync': node('scope:sync', 'type:orchestration', 'transport:grpc'),
      'checkout-async': node('scope:async', 'type:orchestration', 'transport:nats'),
    },
    dependencies: {
      'http-edge': [{ target: 'checkout-flow' }],
      'checkout-sync': [{ target: 'checkout-flow' }, { target: 'http-edge' }],
      'checkout-async': [{ target: 'http-edge' }],
    },
  };

  it('finds a checkout library that imports the edge, and not the edge importing the contract', () => {
    const found = findViolations(graph);
    expect(found.map((v) => `${v.source} -> ${v.target}`)).toEqual([
      'checkout-sync -> http-edge',
      'checkout-async -> http-edge',
    ]);
    expect(formatViolation(found[0]!)).toMatch(/only the edge .* \(rule for type:orchestration\)$/);
  });
});

describe('findPairViolations', () => {
  const graph: GraphLike = {
    nodes: {
      'transport-nats': node('scope:shared', 'transport:nats'),
      'transport-grpc': node('scope:shared', 'transport:grpc'),
      'checkout-sync': node('scope:sync', 'type:orchestration', 'transport:grpc'),
      'checkout-async': node('scope:async', 'type:orchestration', 'transport:nats'),
      'checkout-hybrid': node('scope:hybrid', 'type:orchestration', 'transport:grpc'),
      'hybrid-gateway': node('scope:hybrid', 'type:app'),
      'sync-payment': node('scope:sync', 'type:app'),
      'async-notification': node('scope:async', 'type:app'),
      'http-edge': node('scope:shared', 'type:edge'),
      loadtest: node('scope:tools', 'type:tool'),
    },
    dependencies: {
      'checkout-hybrid': [
        { target: 'checkout-sync' },
        { target: 'checkout-async' },
        { target: 'transport-grpc' },
        { target: 'transport-nats' },
      ],
      // An app of the hybrid that goes round its flow, and one that builds after both stacks' apps.
      'hybrid-gateway': [
        { target: 'checkout-sync' },
        { target: 'checkout-async' },
        { target: 'sync-payment' },
        { target: 'async-notification' },
      ],
      'http-edge': [{ target: 'transport-grpc' }, { target: 'npm:bullmq' }],
      loadtest: [{ target: 'npm:@grpc/grpc-js' }, { target: 'npm:nats' }],
      'transport-grpc': [{ target: 'npm:@grpc/grpc-js' }],
    },
  };

  it('finds whatever but checkout-hybrid joins the two flows, and a non-hybrid library that reaches gRPC and messaging', () => {
    const found = findPairViolations(graph);
    expect(found.map((v) => `${v.source} -> ${v.target}`)).toEqual([
      'hybrid-gateway -> checkout-sync + checkout-async',
      'http-edge -> transport-grpc + npm:bullmq',
    ]);
    expect(formatViolation(found[0]!)).toMatch(/only libs\/checkout-hybrid .* \(rule for \*\)$/);
    expect(formatViolation(found[1]!)).toMatch(/only the hybrid .* \(rule for scope:shared, /);
  });

  it('lets a project that is not judged, or is allowed, reach both sides', () => {
    const sources = findPairViolations(graph).map((v) => v.source);
    expect(sources).not.toContain('checkout-hybrid');
    expect(sources).not.toContain('loadtest');
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
