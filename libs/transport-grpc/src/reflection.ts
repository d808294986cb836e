import { createRequire } from 'node:module';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import protobuf from 'protobufjs';
import descriptor from 'protobufjs/ext/descriptor/index.js';

/**
 * gRPC server reflection (v1 and v1alpha) that serves the descriptors `buf
 * build` compiled, byte for byte. @grpc/reflection re-derives descriptors
 * through protobufjs, and clients written against the reference descriptors
 * (`buf curl`, grpcurl) reject what it derives: map entries, file names and
 * dependencies differ, and no service can be resolved.
 */

interface FileInfo {
  readonly name: string;
  readonly bytes: Uint8Array;
  readonly dependencies: readonly string[];
}

interface Index {
  readonly files: ReadonlyMap<string, FileInfo>;
  readonly symbols: ReadonlyMap<string, string>;
  readonly services: readonly string[];
}

interface Named {
  name?: string;
  nestedType?: Named[];
  enumType?: Named[];
  field?: Named[];
  method?: Named[];
  value?: Named[];
}

/** The files of a FileDescriptorSet, each as the exact bytes it was written with. */
function filesOf(set: Uint8Array): Uint8Array[] {
  const reader = protobuf.Reader.create(set);
  const files: Uint8Array[] = [];
  while (reader.pos < reader.len) {
    const tag = reader.uint32();
    if (tag >>> 3 === 1 && (tag & 7) === 2) files.push(reader.bytes());
    else reader.skipType(tag & 7);
  }
  return files;
}

function indexSymbols(prefix: string, items: Named[] | undefined, add: (fqn: string) => void) {
  for (const item of items ?? []) {
    const fqn = prefix ? `${prefix}.${item.name}` : item.name!;
    add(fqn);
    indexSymbols(fqn, item.nestedType, add);
    indexSymbols(fqn, item.enumType, add);
    indexSymbols(fqn, item.field, add);
    indexSymbols(fqn, item.method, add);
  }
}

/** Indexes every file of the sets by name, and every symbol by the file that declares it. */
export function indexDescriptorSets(sets: readonly Uint8Array[]): Index {
  const files = new Map<string, FileInfo>();
  const symbols = new Map<string, string>();
  const services: string[] = [];
  for (const bytes of sets.flatMap(filesOf)) {
    const file = descriptor.FileDescriptorProto.decode(bytes) as unknown as Named & {
      package?: string;
      dependency?: string[];
      service?: Named[];
    };
    const name = file.name!;
    files.set(name, { name, bytes, dependencies: file.dependency ?? [] });
    const add = (fqn: string) => symbols.set(fqn, name);
    const pkg = file.package ?? '';
    indexSymbols(pkg, (file as { messageType?: Named[] }).messageType, add);
    indexSymbols(pkg, file.enumType, add);
    indexSymbols(pkg, file.service, add);
    for (const service of file.service ?? [])
      services.push(pkg ? `${pkg}.${service.name}` : service.name!);
  }
  return { files, symbols, services };
}

/** A file and everything it imports, each once, the file first. */
function withDependencies(index: Index, name: string): Uint8Array[] {
  const seen = new Set<string>();
  const out: Uint8Array[] = [];
  const visit = (n: string) => {
    const file = index.files.get(n);
    if (!file || seen.has(n)) return;
    seen.add(n);
    out.push(file.bytes);
    file.dependencies.forEach(visit);
  };
  visit(name);
  return out;
}

interface ReflectionRequest {
  host?: string;
  fileByFilename?: string;
  fileContainingSymbol?: string;
  listServices?: string;
  fileContainingExtension?: unknown;
  allExtensionNumbersOfType?: string;
  messageRequest?: string;
}

/** A reflection response; exactly one of the optional answers is set. */
export interface ReflectionResponse {
  readonly validHost: string;
  readonly originalRequest: ReflectionRequest;
  readonly fileDescriptorResponse?: { readonly fileDescriptorProto: Uint8Array[] };
  readonly listServicesResponse?: { readonly service: { readonly name: string }[] };
  readonly errorResponse?: { readonly errorCode: number; readonly errorMessage: string };
}

const NOT_FOUND = grpc.status.NOT_FOUND;

/** The answer to one reflection request. */
export function answer(
  index: Index,
  request: ReflectionRequest,
  ownServices: readonly string[],
): ReflectionResponse {
  const base = { validHost: request.host ?? '', originalRequest: request };
  const files = (name: string | undefined) =>
    name && index.files.has(name)
      ? { ...base, fileDescriptorResponse: { fileDescriptorProto: withDependencies(index, name) } }
      : undefined;
  const missing = (what: string) => ({
    ...base,
    errorResponse: { errorCode: NOT_FOUND, errorMessage: `${what} not found` },
  });
  switch (request.messageRequest) {
    case 'listServices':
      return {
        ...base,
        listServicesResponse: {
          service: [...index.services, ...ownServices].map((name) => ({ name })),
        },
      };
    case 'fileByFilename':
      return files(request.fileByFilename) ?? missing(`file ${request.fileByFilename}`);
    case 'fileContainingSymbol': {
      const symbol = request.fileContainingSymbol ?? '';
      return files(index.symbols.get(symbol)) ?? missing(`symbol ${symbol}`);
    }
    default:
      // The shop declares no extensions.
      return missing('extension');
  }
}

const REFLECTION_PROTOS = [
  'grpc/reflection/v1/reflection.proto',
  'grpc/reflection/v1alpha/reflection.proto',
];
const REFLECTION_SERVICES = [
  'grpc.reflection.v1.ServerReflection',
  'grpc.reflection.v1alpha.ServerReflection',
];

/** Adds reflection, served from the given FileDescriptorSets, to a server. */
export function addReflection(server: grpc.Server, sets: readonly Uint8Array[]): void {
  const index = indexDescriptorSets(sets);
  const protoDir = createRequire(import.meta.url)
    .resolve('@grpc/reflection/package.json')
    .replace(/package\.json$/, 'build/proto');
  const definition = protoLoader.loadSync(REFLECTION_PROTOS, {
    includeDirs: [protoDir],
    oneofs: true,
    longs: Number,
  });
  for (const name of REFLECTION_SERVICES) {
    const service = definition[`${name}`] as grpc.ServiceDefinition;
    server.addService(service, {
      ServerReflectionInfo: (call: grpc.ServerDuplexStream<ReflectionRequest, unknown>) => {
        call.on('data', (request: ReflectionRequest) =>
          call.write(answer(index, request, REFLECTION_SERVICES)),
        );
        call.on('end', () => call.end());
        call.on('error', () => call.end());
      },
    });
  }
}
