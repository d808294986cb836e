/**
 * docs/configuration.md, written from the schema: every setting's variable,
 * path, default and doc, grouped by where it lands in LabConfig. Generated
 * (`npm run generate`) and drift-checked (`npm run check:generated`), so the
 * page cannot fall behind the settings.
 */
import { ConfigError, describeSettings, loadConfig } from './load.js';
import { MAX_REPLICAS, REPLICA_PORT_STEP } from './replicas.js';

/** Headings of the groups; a group missing here is headed by its path. */
const GROUP_TITLES: Readonly<Record<string, string>> = {
  general: 'General',
  logging: 'Logging',
  metrics: 'Metrics',
  simulation: 'Simulation',
  nats: 'NATS',
  redis: 'Redis',
  vault: 'Card vault',
  grpc: 'gRPC',
  jetstream: 'JetStream',
  jobs: 'BullMQ jobs',
  outbox: 'Outbox',
  http: 'HTTP edges',
  settlement: 'Settlement (sync and hybrid)',
  node: 'Node processes (every app)',
  control: 'Control endpoints (fault injection)',
  charging: 'Charging',
  provider: 'Payment provider (webhooks)',
  webhook: 'Webhook receivers',
  'stacks.sync': 'The sync stack',
  'stacks.async': 'The async stack',
  'stacks.hybrid': 'The hybrid stack',
};

/** `stacks.sync.gatewayPort` → `stacks.sync`, `http.bodyLimitBytes` → `http`, `host` → `general`. */
function groupOf(path: string): string {
  const parts = path.split('.');
  if (parts[0] === 'stacks') return parts.slice(0, 2).join('.');
  return parts.length > 1 ? parts[0]! : 'general';
}

const cell = (text: string): string => text.replaceAll('|', '\\|').replaceAll('\n', ' ');
const code = (text: string): string => (text === '' ? '(empty)' : `\`${cell(text)}\``);

/** The message a bad value stops start-up with, as the loader words it. */
function exampleProblem(): string {
  try {
    loadConfig({ LAB_SYNC_GATEWAY_PORT: 'abc' }, { workspaceRoot: '/' });
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('LAB_SYNC_GATEWAY_PORT=abc was accepted');
}

function tables(): string[] {
  const groups = new Map<string, ReturnType<typeof describeSettings>>();
  for (const row of describeSettings()) {
    const group = groupOf(row.path);
    groups.set(group, [...(groups.get(group) ?? []), row]);
  }
  return [...groups].flatMap(([group, rows]) => [
    `## ${GROUP_TITLES[group] ?? group}`,
    '',
    '| variable | setting | default | what |',
    '| --- | --- | --- | --- |',
    ...rows.map((r) => `| \`${r.env}\` | \`${r.path}\` | ${code(r.default)} | ${cell(r.doc)} |`),
    '',
  ]);
}

export function renderConfigurationDoc(): string {
  return [
    '# Configuration',
    '',
    '<!-- Generated from libs/config/src/schema.ts by `npm run generate`; do not edit by hand.',
    '     `npm run check:generated` fails when this page and the schema disagree. -->',
    '',
    'Every setting has a default and an environment variable. `libs/config/src/schema.ts` is the',
    'one list: this page and the type of the config (`LabConfig`) are both derived from it. The',
    'config is read and checked once at start-up, then frozen. A bad value stops start-up with the',
    'variable named, every problem at once:',
    '',
    '```',
    exampleProblem(),
    '```',
    '',
    'Rules that span settings are checked too: no two servers on one port (replicas included), the',
    'three stacks in three namespaces, the header timeout within the request timeout, and a control',
    'token of at least 16 characters when control is on. With `NATS_URL`, `REDIS_URL` or',
    '`LAB_VAULT_URL` set, the project uses those servers and starts none of its own (the config',
    'says so as `nats.managed`, `redis.managed`, `vault.managed`).',
    '',
    `\`LAB_<STACK>_<SERVICE>_REPLICAS\` (1–${MAX_REPLICAS}) starts that many processes of a service:`,
    `replica k listens ${REPLICA_PORT_STEP}·(k−1) above the service's port and is named`,
    '`<stack>-<service>-k`; gRPC clients balance over them (the default `_ADDRESSES` lists every',
    'replica), async replicas share the consumer and the queue.',
    '',
    ...tables(),
  ].join('\n');
}
