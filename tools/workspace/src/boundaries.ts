/**
 * The rules that keep the stacks apart, checked on the Nx project graph (the
 * graph Nx builds from every import of every project, tests included).
 */

/** The part of an Nx project graph the rules read. */
export interface GraphLike {
  readonly nodes: Readonly<
    Record<string, { readonly data: { readonly tags?: readonly string[] } }>
  >;
  readonly dependencies: Readonly<Record<string, readonly { readonly target: string }[]>>;
}

export interface BoundaryRule {
  /** Projects carrying this tag obey the rule. */
  readonly tag: string;
  /** Workspace projects with any of these tags must not be imported ('*' for any). */
  readonly forbiddenTags?: readonly string[];
  /** npm packages that must not be imported. */
  readonly forbiddenPackages?: readonly RegExp[];
  readonly why: string;
}

const TRANSPORTS = [/^@grpc\//, /^nats$/, /^bullmq$/, /^ioredis$/];

export const RULES: readonly BoundaryRule[] = [
  {
    tag: 'type:domain',
    forbiddenTags: ['*'],
    forbiddenPackages: [/.*/],
    why: 'libs/domain is pure checkout logic: no transport, no other project, no npm package',
  },
  {
    tag: 'scope:shared',
    forbiddenTags: ['scope:sync', 'scope:async', 'scope:hybrid', 'type:app'],
    why: 'shared libraries must not depend on a stack',
  },
  {
    tag: 'scope:sync',
    forbiddenTags: ['transport:nats', 'transport:bullmq', 'scope:async', 'scope:hybrid'],
    forbiddenPackages: [/^nats$/, /^bullmq$/],
    why: 'the sync stack talks gRPC only; no NATS or BullMQ code',
  },
  {
    tag: 'scope:async',
    forbiddenTags: ['transport:grpc', 'scope:sync', 'scope:hybrid'],
    forbiddenPackages: [/^@grpc\/grpc-js$/, /^@grpc\/proto-loader$/],
    why: 'the async stack talks NATS and BullMQ only; no gRPC code',
  },
];

export const TRANSPORT_PACKAGES = TRANSPORTS;

export interface Violation {
  readonly source: string;
  readonly target: string;
  readonly rule: BoundaryRule;
}

export function findViolations(
  graph: GraphLike,
  rules: readonly BoundaryRule[] = RULES,
): Violation[] {
  const violations: Violation[] = [];
  for (const [source, deps] of Object.entries(graph.dependencies)) {
    const tags = graph.nodes[source]?.data.tags ?? [];
    for (const rule of rules.filter((r) => tags.includes(r.tag))) {
      for (const { target } of deps) {
        if (target.startsWith('npm:')) {
          const pkg = target.slice(4);
          if (rule.forbiddenPackages?.some((re) => re.test(pkg)))
            violations.push({ source, target, rule });
          continue;
        }
        const targetTags = graph.nodes[target]?.data.tags ?? [];
        const forbidden = rule.forbiddenTags ?? [];
        if (forbidden.includes('*') || targetTags.some((t) => forbidden.includes(t))) {
          violations.push({ source, target, rule });
        }
      }
    }
  }
  return violations;
}

export function formatViolation(v: Violation): string {
  return `${v.source} → ${v.target}: ${v.rule.why} (rule for ${v.rule.tag})`;
}
