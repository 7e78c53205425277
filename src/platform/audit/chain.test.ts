import { describe, expect, it } from 'vitest';
import { canonicalJson, genesisHash, hashEvent } from './chain.js';

const event = {
  prevHash: genesisHash,
  seq: 1,
  at: new Date('2026-03-02T02:00:00.000Z'),
  actor: 'system:cli',
  action: 'directory.unit_imported',
  targetType: 'unit',
  targetId: '20194',
  requestId: null,
  data: { b: 1, a: { d: [1, 'x'], c: null } },
};

describe('canonical serialization', () => {
  it('sorts keys at every level and drops undefined, as jsonb does', () => {
    expect(canonicalJson({ b: 1, a: { d: undefined, c: [3, { z: 1, y: 2 }] } })).toBe(
      '{"a":{"c":[3,{"y":2,"z":1}]},"b":1}',
    );
  });

  it('hashes the same event the same way whatever its key order', () => {
    const reordered = { ...event, data: { a: { c: null, d: [1, 'x'] }, b: 1 } };
    expect(hashEvent(reordered)).toBe(hashEvent(event));
    expect(hashEvent(event)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('changes the hash when any covered field changes', () => {
    const base = hashEvent(event);
    expect(hashEvent({ ...event, seq: 2 })).not.toBe(base);
    expect(hashEvent({ ...event, at: new Date('2026-03-02T02:00:00.001Z') })).not.toBe(base);
    expect(hashEvent({ ...event, requestId: 'r' })).not.toBe(base);
    expect(hashEvent({ ...event, data: { ...event.data, b: 2 } })).not.toBe(base);
    expect(hashEvent({ ...event, prevHash: 'f'.repeat(64) })).not.toBe(base);
  });
});
