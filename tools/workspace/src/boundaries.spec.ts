import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { findViolations, formatViolation, type GraphLike } from './boundaries.js';

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
