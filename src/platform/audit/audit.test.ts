import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDb } from '../../../test/helpers/db.js';
import { systemActor } from '../auth/actor.js';
import { ManualClock } from '../clock.js';
import type { Db } from '../db/db.js';
import { createJobs } from '../jobs/create-jobs.js';
import { createLogger } from '../logger.js';
import { type AuditEntry, createAudit } from './audit.js';
import { genesisHash, hashEvent } from './chain.js';
import { defineAuditJobs } from './jobs.js';
import { verifyAuditChain } from './verify.js';

let db: Db & { drop(): Promise<void> };
const clock = new ManualClock('2026-03-02T09:00:00+07:00');
const audit = createAudit({ clock });

const staff = {
  kind: 'staff' as const,
  accountId: '0193a1b2-0000-7000-8000-000000000001',
  sessionId: 's1',
  grants: [],
};

const entry = (i: number): AuditEntry => ({
  actor: staff,
  action: 'directory.agency_updated',
  targetType: 'agency',
  targetId: `agency-${i}`,
  requestId: `req-${i}`,
  data: { zeta: i, alpha: { code: 'UBND', list: [2, 'b'] } },
});

async function withTriggerOff(sql: string, params: unknown[] = []) {
  await db.tx(async (tx) => {
    await tx.query('alter table audit.events disable trigger events_append_only');
    await tx.query(sql, params);
    await tx.query('alter table audit.events enable trigger events_append_only');
  });
}

beforeAll(async () => {
  db = await testDb();
});

afterAll(async () => {
  await db?.drop();
});

describe('audit log', () => {
  it('starts as an intact, empty chain', async () => {
    expect(await verifyAuditChain(db)).toEqual({ ok: true, count: 0 });
  });

  it('records who did what, when, in the caller’s transaction, linked to the previous event', async () => {
    await db.tx((tx) => audit.record(tx, entry(1)));
    clock.advance(60_000);
    await db.tx((tx) => audit.record(tx, { ...entry(2), actor: systemActor('cli'), requestId: undefined }));
    const { rows } = await db.query<Record<string, unknown>>(
      'select seq, at, actor, action, target_type, target_id, request_id, data, prev_hash, hash from audit.events order by seq',
    );
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({
      actor: `staff:${staff.accountId}`,
      action: 'directory.agency_updated',
      target_type: 'agency',
      target_id: 'agency-1',
      request_id: 'req-1',
      data: { zeta: 1, alpha: { code: 'UBND', list: [2, 'b'] } },
      prev_hash: genesisHash,
    });
    expect(new Date(rows[0]!.at as string).toISOString()).toBe('2026-03-02T02:00:00.000Z');
    expect(rows[1]).toMatchObject({ actor: 'system:cli', request_id: null, prev_hash: rows[0]!.hash });
    expect(new Date(rows[1]!.at as string).toISOString()).toBe('2026-03-02T02:01:00.000Z');
  });

  it('drops the event of a rolled-back transaction and keeps the chain intact', async () => {
    await expect(
      db.tx(async (tx) => {
        await audit.record(tx, entry(99));
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    expect((await db.query("select 1 from audit.events where target_id = 'agency-99'")).rows).toHaveLength(0);
    expect(await verifyAuditChain(db)).toEqual({ ok: true, count: 2 });
  });

  it('keeps one unbroken chain when many transactions record at once', async () => {
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        db.tx(async (tx) => {
          await tx.query('select 1');
          await audit.record(tx, entry(100 + i));
        }),
      ),
    );
    const progress: number[] = [];
    const result = await verifyAuditChain(db, { batchSize: 7, onProgress: (p) => progress.push(p.checked) });
    expect(result).toEqual({ ok: true, count: 22 });
    expect(progress).toEqual([7, 14, 21, 22]);
    const { rows } = await db.query<{ seq: string | number }>('select seq from audit.events order by seq');
    expect(rows.map((r) => Number(r.seq))).toEqual(Array.from({ length: 22 }, (_, i) => i + 1));
  });

  it('refuses UPDATE, DELETE and TRUNCATE', async () => {
    await expect(db.query("update audit.events set action = 'x.y' where seq = 1")).rejects.toThrow(
      /append-only/,
    );
    await expect(db.query('delete from audit.events where seq = 1')).rejects.toThrow(/append-only/);
    await expect(db.query('truncate audit.events')).rejects.toThrow(/append-only/);
    expect(await verifyAuditChain(db)).toEqual({ ok: true, count: 22 });
  });
});

describe('audit verify on a tampered log', () => {
  it('reports the altered event', async () => {
    const { rows } = await db.query<{ target_id: string }>(
      'select target_id from audit.events where seq = 5',
    );
    await withTriggerOff("update audit.events set target_id = 'agency-666' where seq = 5");
    expect(await verifyAuditChain(db, { batchSize: 3 })).toEqual({
      ok: false,
      count: 4,
      brokenAt: 5,
      reason: 'the event was changed after it was recorded',
    });
    await withTriggerOff('update audit.events set target_id = $1 where seq = 5', [rows[0]!.target_id]);
    expect(await verifyAuditChain(db)).toEqual({ ok: true, count: 22 });
  });

  it('reports the next event when the altered one was re-hashed', async () => {
    const { rows } = await db.query<Record<string, string>>('select * from audit.events where seq = 8');
    const row = rows[0]!;
    const forged = hashEvent({
      prevHash: row.prev_hash!,
      seq: 8,
      at: new Date(row.at!),
      actor: row.actor!,
      action: 'directory.agency_deleted',
      targetType: row.target_type!,
      targetId: row.target_id!,
      requestId: row.request_id ?? null,
      data: row.data as unknown as Record<string, unknown>,
    });
    await withTriggerOff(
      "update audit.events set action = 'directory.agency_deleted', hash = $1 where seq = 8",
      [forged],
    );
    expect(await verifyAuditChain(db)).toMatchObject({ ok: false, count: 8, brokenAt: 9 });
    await withTriggerOff('update audit.events set action = $1, hash = $2 where seq = 8', [
      row.action,
      row.hash,
    ]);
    expect(await verifyAuditChain(db)).toEqual({ ok: true, count: 22 });
  });

  it('reports a removed event', async () => {
    await withTriggerOff('delete from audit.events where seq = 12');
    expect(await verifyAuditChain(db)).toEqual({
      ok: false,
      count: 11,
      brokenAt: 12,
      reason: 'event 12 is missing',
    });
  });
});

describe('nightly verification job', () => {
  it('logs a broken chain as an error', async () => {
    const lines: string[] = [];
    const logs = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logger = createLogger({ level: 'info', destination: logs });
    const jobs = createJobs({ db, logger, clock });
    defineAuditJobs(jobs, { db, logger });
    await jobs.start();
    try {
      const { rows } = await db.query(
        "select cron, timezone from pgboss.schedule where name = 'audit.verify-chain'",
      );
      expect(rows).toEqual([{ cron: '30 2 * * *', timezone: 'Asia/Ho_Chi_Minh' }]);
      await db.tx((tx) => jobs.enqueue(tx, 'audit.verify-chain', {}));
      expect(await jobs.runDue()).toBe(1);
      expect(lines.join('')).toMatch(/"brokenAt":12.*audit chain BROKEN/);
    } finally {
      await jobs.stop();
    }
  });
});
