import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import descriptor from 'protobufjs/ext/descriptor/index.js';
import { DESCRIPTOR_SET_FILES } from '@lab/contracts/grpc';
import { answer, indexDescriptorSets } from './reflection.js';

const index = indexDescriptorSets(DESCRIPTOR_SET_FILES.map((f) => readFileSync(f)));
const namesOf = (files: Uint8Array[]) =>
  files.map((b) => (descriptor.FileDescriptorProto.decode(b) as unknown as { name: string }).name);

describe('reflection index', () => {
  it('holds every shop service and health', () => {
    expect(index.services).toEqual(
      expect.arrayContaining([
        'shop.payment.v1.PaymentService',
        'shop.warehouse.v1.WarehouseService',
        'grpc.health.v1.Health',
      ]),
    );
  });

  it('answers a symbol with its file and the files it imports', () => {
    const reply = answer(
      index,
      {
        messageRequest: 'fileContainingSymbol',
        fileContainingSymbol: 'shop.inventory.v1.InventoryService.Reserve',
      },
      [],
    );
    const files = namesOf(reply.fileDescriptorResponse!.fileDescriptorProto);
    expect(files).toEqual(['shop/inventory/v1/inventory.proto', 'shop/common/v1/common.proto']);
  });

  it('answers an unknown file or symbol with NOT_FOUND, naming it', () => {
    const reply = answer(
      index,
      { messageRequest: 'fileContainingSymbol', fileContainingSymbol: 'x.Y' },
      [],
    );
    expect(reply.errorResponse).toEqual({ errorCode: 5, errorMessage: 'symbol x.Y not found' });
    const byName = answer(
      index,
      { messageRequest: 'fileByFilename', fileByFilename: 'nope.proto' },
      [],
    );
    expect(byName.errorResponse?.errorMessage).toBe('file nope.proto not found');
  });
});
