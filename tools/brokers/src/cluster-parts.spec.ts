import { describe, expect, it } from 'vitest';
import { leaderName } from './nats-cluster.js';
import { addressOf } from './redis-sentinel.js';
import { RespError, infoFields, parseReply } from './resp.js';

describe('the leader a role target means', () => {
  const status = {
    meta_cluster: { leader: 'nats-3' },
    account_details: [
      {
        stream_detail: [
          { name: 'ASYNC_ORDERS', cluster: { leader: 'nats-2' } },
          { name: 'ASYNC_DEAD', cluster: { leader: 'nats-1' } },
          { name: 'HYBRID_ORDERS', cluster: { leader: 'nats-1' } },
        ],
      },
    ],
  };
  it("is the named stream's leader, or the node leading the most streams, or the meta leader", () => {
    expect(leaderName(status, 'ASYNC_ORDERS')).toBe('nats-2');
    expect(leaderName(status, 'NONE')).toBeUndefined();
    expect(leaderName(status, undefined)).toBe('nats-1');
    expect(leaderName({ meta_cluster: { leader: 'nats-3' } }, undefined)).toBe('nats-3');
  });
});

describe('Redis replies, read without a client library', () => {
  it('parses each type, and waits for a reply cut anywhere', () => {
    const reply = Buffer.from('*3\r\n$9\r\n127.0.0.1\r\n$4\r\n6479\r\n:7\r\n');
    expect(parseReply(reply, 0)?.value).toEqual(['127.0.0.1', '6479', 7]);
    for (let cut = 1; cut < reply.length; cut++)
      expect(parseReply(reply.subarray(0, cut), 0)).toBeUndefined();
    expect(parseReply(Buffer.from('*-1\r\n'), 0)?.value).toBeNull();
    expect(parseReply(Buffer.from('+PONG\r\n'), 0)?.value).toBe('PONG');
    expect(parseReply(Buffer.from('-ERR no\r\n'), 0)?.value).toBeInstanceOf(RespError);
    expect(() => parseReply(Buffer.from('?x\r\n'), 0)).toThrow(/unexpected reply type/);
  });

  it("reads a Sentinel's primary and INFO fields", () => {
    expect(addressOf(['127.0.0.1', '6481'])).toEqual({ host: '127.0.0.1', port: 6481 });
    expect(addressOf(null)).toBeUndefined();
    const info = infoFields('# Replication\r\nrole:slave\r\nmaster_port:6481\r\n');
    expect(info.get('role')).toBe('slave');
    expect(info.get('master_port')).toBe('6481');
  });
});
