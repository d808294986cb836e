import { describe, expect, it } from 'vitest';
import { TRANSPORT } from '../testing/transport-run.js';
import { machineBound, transportBound, USES_PER_CHECKOUT } from './transport-bound.js';

describe('what the transports alone allow', () => {
  it('counts each primitive a checkout uses on its happy path', () => {
    expect(USES_PER_CHECKOUT.sync).toEqual({ 'grpc-unary': 7 });
    expect(USES_PER_CHECKOUT.hybrid['grpc-unary']).toBe(4);
  });

  it('binds on the slowest hop: a primitive’s rate over its uses', () => {
    expect(transportBound('hybrid', TRANSPORT.ceilings)).toEqual({
      rate: 4000 / 3,
      limitedBy: 'jetstream-consume',
      primitiveRate: 4000,
      uses: 3,
    });
  });

  it('shares the machine’s CPUs among every hop', () => {
    expect(machineBound('sync', TRANSPORT)).toEqual({
      cpuMsPerCheckout: 7 * 0.15,
      cpus: 2,
      rate: 2000 / (7 * 0.15),
    });
    expect(machineBound('sync', { ...TRANSPORT, cpus: undefined })).toBeNull();
    const unmeasured = {
      ...TRANSPORT,
      cpuMsPerOp: { ...TRANSPORT.cpuMsPerOp!, 'grpc-unary': null },
    };
    expect(machineBound('sync', unmeasured)).toBeNull();
  });
});
