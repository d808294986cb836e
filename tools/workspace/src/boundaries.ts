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
  {
    tag: 'type:orchestration',
    forbiddenTags: ['type:edge'],
    why: 'a checkout flow returns outcomes; only the edge (libs/http-edge) turns them into HTTP',
  },
];

export const TRANSPORT_PACKAGES = TRANSPORTS;

/** One side of a pair: the projects and npm packages that are it. */
export interface PairSide {
  /** A project is on this side when it carries every tag of one of these sets. */
  readonly tagSets: readonly (readonly string[])[];
  /** npm packages that are on this side. */
  readonly packages?: readonly RegExp[];
}

/** Two sides that a project may reach one of, but not both. */
export interface PairRule {
  /** Projects carrying any of these tags obey the rule ('*' for every project). */
  readonly scopes: readonly string[];
  /** Projects carrying every one of these tags may reach both sides. */
  readonly allowed?: readonly string[];
  readonly sides: readonly [PairSide, PairSide];
  readonly why: string;
}

const SYNC_FLOW: PairSide = { tagSets: [['scope:sync', 'type:orchestration']] };
const ASYNC_FLOW: PairSide = { tagSets: [['scope:async', 'type:orchestration']] };

export const PAIR_RULES: readonly PairRule[] = [
  {
    scopes: ['*'],
    allowed: ['scope:hybrid', 'type:orchestration'],
    sides: [SYNC_FLOW, ASYNC_FLOW],
    why: 'only libs/checkout-hybrid joins the sync and the async flow; the rest reach the hybrid through it',
  },
  {
    // Tools and tests (the transport benchmark, the e2e suite) drive both on purpose.
    scopes: ['scope:shared', 'scope:sync', 'scope:async'],
    sides: [
      { tagSets: [['transport:grpc']], packages: [/^@grpc\//] },
      { tagSets: [['transport:nats'], ['transport:bullmq']], packages: [/^nats$/, /^bullmq$/] },
    ],
    why: 'only the hybrid (scope:hybrid) uses both gRPC and NATS or BullMQ',
  },
];

export interface Violation {
  readonly source: string;
  readonly target: string;
  readonly rule: BoundaryRule | PairRule;
}

/** Every edge across a boundary of `rules`, then every project that reaches both sides of a pair. */
export function findViolations(
  graph: GraphLike,
  rules: readonly BoundaryRule[] = RULES,
  pairs: readonly PairRule[] = PAIR_RULES,
): Violation[] {
  return [...findEdgeViolations(graph, rules), ...findPairViolations(graph, pairs)];
}

function findEdgeViolations(graph: GraphLike, rules: readonly BoundaryRule[]): Violation[] {
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

/** The projects a pair rule judges that reach both of its sides, with one target of each. */
export function findPairViolations(
  graph: GraphLike,
  pairs: readonly PairRule[] = PAIR_RULES,
): Violation[] {
  const tagsOf = (project: string) => graph.nodes[project]?.data.tags ?? [];
  const reaches = (target: string, side: PairSide): boolean =>
    target.startsWith('npm:')
      ? (side.packages ?? []).some((re) => re.test(target.slice(4)))
      : side.tagSets.some((set) => set.every((t) => tagsOf(target).includes(t)));
  const violations: Violation[] = [];
  for (const rule of pairs) {
    for (const [source, deps] of Object.entries(graph.dependencies)) {
      const tags = tagsOf(source);
      if (!rule.scopes.includes('*') && !tags.some((t) => rule.scopes.includes(t))) continue;
      if (rule.allowed?.every((t) => tags.includes(t))) continue;
      const [one, other] = rule.sides.map((side) => deps.find((d) => reaches(d.target, side)));
      if (one && other)
        violations.push({ source, target: `${one.target} + ${other.target}`, rule });
    }
  }
  return violations;
}

export function formatViolation(v: Violation): string {
  const scope = 'tag' in v.rule ? v.rule.tag : v.rule.scopes.join(', ');
  return `${v.source} → ${v.target}: ${v.rule.why} (rule for ${scope})`;
}
