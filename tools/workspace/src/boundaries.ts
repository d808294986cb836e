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

/** One side of a pair of transports: the projects and npm packages that are it. */
export interface TransportSide {
  readonly tags: readonly string[];
  readonly packages: readonly RegExp[];
}

/** Two transports that no project of `scopes` may both reach. */
export interface MixingRule {
  readonly scopes: readonly string[];
  readonly sides: readonly [TransportSide, TransportSide];
  readonly why: string;
}

/**
 * Only the hybrid uses both: a stack's or a shared project that reaches gRPC
 * and NATS or BullMQ is a hybrid written in the wrong place. Tools and tests
 * (the transport benchmark, the e2e suite) drive both on purpose.
 */
export const MIXING_RULE: MixingRule = {
  scopes: ['scope:shared', 'scope:sync', 'scope:async'],
  sides: [
    { tags: ['transport:grpc'], packages: [/^@grpc\//] },
    { tags: ['transport:nats', 'transport:bullmq'], packages: [/^nats$/, /^bullmq$/] },
  ],
  why: 'only the hybrid (scope:hybrid) uses both gRPC and NATS or BullMQ',
};

export interface Violation {
  readonly source: string;
  readonly target: string;
  readonly rule: BoundaryRule | MixingRule;
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

/** The projects of the rule's scopes that reach both of its sides, with one target of each. */
export function findMixing(graph: GraphLike, rule: MixingRule = MIXING_RULE): Violation[] {
  const violations: Violation[] = [];
  const reaches = (target: string, side: TransportSide): boolean =>
    target.startsWith('npm:')
      ? side.packages.some((re) => re.test(target.slice(4)))
      : (graph.nodes[target]?.data.tags ?? []).some((t) => side.tags.includes(t));
  for (const [source, deps] of Object.entries(graph.dependencies)) {
    const tags = graph.nodes[source]?.data.tags ?? [];
    if (!tags.some((t) => rule.scopes.includes(t))) continue;
    const [one, other] = rule.sides.map((side) => deps.find((d) => reaches(d.target, side)));
    if (one && other) violations.push({ source, target: `${one.target} + ${other.target}`, rule });
  }
  return violations;
}

export function formatViolation(v: Violation): string {
  const scope = 'tag' in v.rule ? v.rule.tag : v.rule.scopes.join(', ');
  return `${v.source} → ${v.target}: ${v.rule.why} (rule for ${scope})`;
}
