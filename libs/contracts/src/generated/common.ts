import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { LineItem as _shop_common_v1_LineItem, LineItem__Output as _shop_common_v1_LineItem__Output } from './shop/common/v1/LineItem.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  shop: {
    common: {
      v1: {
        LineItem: MessageTypeDefinition<_shop_common_v1_LineItem, _shop_common_v1_LineItem__Output>
      }
    }
  }
}

