import { describe, expect, it } from 'vitest';
import { AnswerReader } from './http1-answer.js';

const bytes = (s: string) => Buffer.from(s, 'latin1');

function readAll(reader: AnswerReader, parts: string[]) {
  let step = reader.read(bytes(parts[0]!));
  for (const part of parts.slice(1)) step = reader.read(bytes(part));
  return step;
}

describe('the HTTP/1.1 answer reader', () => {
  it('reads answers one after another on one connection, keeping or dropping bodies', () => {
    const reader = new AnswerReader();
    reader.expect(true);
    expect(
      readAll(reader, [
        'HTTP/1.1 202 Accepted\r\nContent-Le',
        'ngth: 2\r\nKeep-Alive: timeout=5\r\n\r\n{}',
      ]),
    ).toEqual({
      kind: 'answer',
      answer: { status: 202, body: '{}' },
      extra: false,
    });
    expect(reader.keepAliveMs).toBe(5000);
    expect(reader.closeAfter).toBe(false);
    reader.expect(false);
    expect(
      reader.read(bytes('HTTP/1.1 200 OK\r\nconnection: close\r\ncontent-length: 3\r\n\r\nabc')),
    ).toMatchObject({
      answer: { status: 200, body: '' },
    });
    expect(reader.closeAfter).toBe(true);
  });

  it('says an answer is not whole until its last chunk, and that bytes after it are extra', () => {
    const reader = new AnswerReader();
    reader.expect(true);
    expect(
      reader.read(bytes('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nab')),
    ).toEqual({ kind: 'more' });
    expect(reader.read(bytes('cd\r\n0\r\n\r\nHTTP/1.1'))).toEqual({
      kind: 'answer',
      answer: { status: 200, body: 'abcd' },
      extra: true,
    });
  });

  it('reads a body to the close, and calls any other answer cut short there', () => {
    const reader = new AnswerReader();
    reader.expect(true);
    expect(reader.read(bytes('HTTP/1.1 200 OK\r\n\r\npart'))).toEqual({ kind: 'more' });
    expect(reader.ended()).toEqual({ status: 200, body: 'part' });
    reader.expect(true);
    expect(reader.read(bytes('HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\npart'))).toEqual({
      kind: 'more',
    });
    expect(reader.ended()).toBeUndefined();
  });

  it.each([
    ['HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n', /Content-Length that is no length: -1/],
    ['HTTP/1.1 200 OK\r\nContent-Length: x\r\n\r\n', /Content-Length that is no length: x/],
    [
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n',
      /chunk size that is no size: zz/,
    ],
    ['HTTP/1.1 100 Continue\r\n\r\n', /status the client does not take/],
    ['SSH-2.0-OpenSSH\r\n\r\n', /not an HTTP\/1.x answer/],
  ])('refuses %j', (answer, message) => {
    const reader = new AnswerReader();
    reader.expect(true);
    expect(reader.read(bytes(answer))).toMatchObject({ kind: 'bad', message });
  });

  it('refuses a head that does not end within 64 KB', () => {
    const reader = new AnswerReader();
    reader.expect(true);
    expect(reader.read(bytes(`HTTP/1.1 200 OK\r\nx-a: ${'a'.repeat(40_000)}`))).toEqual({
      kind: 'more',
    });
    expect(reader.read(bytes('a'.repeat(30_000)))).toMatchObject({
      kind: 'bad',
      message: /over 64 KB/,
    });
  });
});
