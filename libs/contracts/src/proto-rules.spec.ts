import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { PROTO_ROOT } from './grpc.js';

// The rules of buf.yaml, as CI runs them (npm run check:proto), on copies of proto/.
const run = promisify(execFile);
const buf = createRequire(import.meta.url).resolve('@bufbuild/buf/bin/buf');
const root = join(PROTO_ROOT, '..');
const baseline = join(PROTO_ROOT, 'baseline.binpb');
const copies: string[] = [];
afterAll(() => copies.forEach((d) => rmSync(d, { recursive: true, force: true })));

function copy(edit: (proto: string) => void): string {
  const dir = mkdtempSync(join(tmpdir(), 'lab-proto-'));
  copies.push(dir);
  cpSync(PROTO_ROOT, join(dir, 'proto'), { recursive: true });
  cpSync(join(root, 'buf.yaml'), join(dir, 'buf.yaml'));
  edit(join(dir, 'proto'));
  return dir;
}

async function bufIn(dir: string, ...args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout } = await run(buf, args, { cwd: dir });
    return { code: 0, out: stdout };
  } catch (error) {
    const e = error as { code: number; stdout: string };
    return { code: e.code, out: e.stdout };
  }
}

const payment = (proto: string) => join(proto, 'shop/payment/v1/payment.proto');

describe('proto/ under buf.yaml', () => {
  it('passes lint and is compatible with the released baseline', async () => {
    expect(await bufIn(root, 'lint')).toEqual({ code: 0, out: '' });
    expect(await bufIn(root, 'breaking', '--against', baseline)).toEqual({ code: 0, out: '' });
  });

  it('fails breaking when a field changes its type', async () => {
    const dir = copy((proto) => {
      const text = readFileSync(payment(proto), 'utf8');
      writeFileSync(payment(proto), text.replace('string last4 = 2;', 'int32 last4 = 2;'));
    });
    const result = await bufIn(dir, 'breaking', '--against', baseline);
    expect(result.code).not.toBe(0);
    expect(result.out).toContain('"last4" on message "CardReference" changed type');
  });

  it('fails lint on a message named against the style guide', async () => {
    const dir = copy((proto) => {
      const text = readFileSync(payment(proto), 'utf8');
      writeFileSync(payment(proto), `${text}\nmessage bad_name {}\n`);
    });
    const result = await bufIn(dir, 'lint');
    expect(result.code).not.toBe(0);
    expect(result.out).toContain('bad_name');
  });
});
