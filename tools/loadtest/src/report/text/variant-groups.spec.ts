import { describe, expect, it } from 'vitest';
import { runResult } from '../../testing/run-result.js';
import { columnName, variantLabel, variantName } from './variant-groups.js';

const scenario = runResult.scenarios[0]!;
const hybrid = scenario.variants.find((r) => r.variant === 'hybrid')!;

describe('variant names', () => {
  it('names a stack that charged by webhook <variant>-webhook, everywhere it is labelled', () => {
    const webhook = { ...hybrid, charging: 'webhook' as const };
    expect(variantName(hybrid)).toBe('hybrid');
    expect(variantName(webhook)).toBe('hybrid-webhook');
    expect(variantLabel({ ...webhook, repeat: 2 }, true)).toBe('hybrid-webhook #2');
    const charged = { ...scenario, variants: [webhook] };
    expect(columnName(charged, 'hybrid')).toBe('hybrid-webhook');
    expect(columnName(scenario, 'hybrid')).toBe('hybrid');
  });
});
