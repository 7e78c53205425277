import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { testDb } from '../../../test/helpers/db.js';
import { ManualClock } from '../clock.js';
import type { Db } from '../db/db.js';
import { createJobs, type JobsRuntime } from '../jobs/create-jobs.js';
import { createLogger } from '../logger.js';
import { createEvents } from './create-events.js';
import { type DomainEvent, defineEvent, type Events } from './events.js';

const OrderPlaced = z.strictObject({ orderId: z.uuid(), amountVnd: z.number().int().positive() });
type OrderPlaced = z.infer<typeof OrderPlaced>;
const orderPlaced = defineEvent('shop.order_placed', OrderPlaced);

interface Delivery {
  consumer: string;
  event: DomainEvent<OrderPlaced>;
  attempt: number;
}

let db: Db & { drop(): Promise<void> };
let jobs: JobsRuntime;
let events: Events;
// A day ahead of the database, so retries (due seconds after a failure) are due by this clock.
const clock = new ManualClock(new Date(Date.now() + 86_400_000));
let deliveries: Delivery[] = [];
/** Orders whose `billing` handler fails on its first attempt. */
const failOnce = new Set<string>();

async function queued(name: string) {
  const { rows } = await db.query<{ n: number }>(
    'select count(*)::int as n from pgboss.job where name = $1',
    [name],
  );
  return rows[0]?.n ?? 0;
}

const order = (amountVnd = 150_000): OrderPlaced => ({ orderId: crypto.randomUUID(), amountVnd });

beforeAll(async () => {
  db = await testDb();
  await db.query('create table public.orders (id uuid primary key)');
  const logger = createLogger({ level: 'silent' });
  jobs = createJobs({ db, logger, clock });
  events = createEvents({ jobs, clock, logger });
  events.defineEvent(orderPlaced);
  events.defineEvent('shop.order_cancelled', z.strictObject({ orderId: z.uuid() }));
  events.subscribe('shipping', {
    'shop.order_placed': async (event: DomainEvent<OrderPlaced>, ctx) => {
      deliveries.push({ consumer: 'shipping', event, attempt: ctx.attempt });
    },
  });
  events.subscribe('billing', {
    'shop.order_placed': async (event: DomainEvent<OrderPlaced>, ctx) => {
      deliveries.push({ consumer: 'billing', event, attempt: ctx.attempt });
      if (ctx.attempt === 1 && failOnce.has(event.payload.orderId)) throw new Error('billing is down');
    },
  });
  await jobs.start();
});

afterAll(async () => {
  await jobs?.stop({ graceMs: 1000 });
  await db?.drop();
});

beforeEach(() => {
  deliveries = [];
  clock.advance(60_000);
});

describe('emit', () => {
  it('delivers a committed event to every subscriber once, with its id, name, time and payload', async () => {
    const placed = order();
    const emittedAt = clock.now();
    const id = await db.tx(async (tx) => {
      await tx.query('insert into public.orders (id) values ($1)', [placed.orderId]);
      return events.emit(tx, orderPlaced, placed);
    });
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-/);
    clock.advance(5_000);
    expect(await jobs.runDue()).toBe(2);
    expect(deliveries.map((d) => d.consumer).sort()).toEqual(['billing', 'shipping']);
    for (const { event, attempt } of deliveries) {
      expect(event).toEqual({ id, name: 'shop.order_placed', occurredAt: emittedAt, payload: placed });
      expect(attempt).toBe(1);
    }
    expect(await jobs.runDue()).toBe(0);
  });

  it('accepts the event by name', async () => {
    await db.tx((tx) => events.emit(tx, 'shop.order_placed', order()));
    expect(await jobs.runDue()).toBe(2);
  });

  it('delivers nothing when the transaction rolls back', async () => {
    const placed = order();
    await expect(
      db.tx(async (tx) => {
        await tx.query('insert into public.orders (id) values ($1)', [placed.orderId]);
        await events.emit(tx, orderPlaced, placed);
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    expect(await jobs.runDue()).toBe(0);
    expect(deliveries).toEqual([]);
  });

  it('refuses an invalid payload, so the transaction writes nothing', async () => {
    const before = await queued('shipping.on-shop.order_placed');
    const placed = order();
    await expect(
      db.tx(async (tx) => {
        await tx.query('insert into public.orders (id) values ($1)', [placed.orderId]);
        await events.emit(tx, orderPlaced, { ...placed, amountVnd: -1 });
      }),
    ).rejects.toThrow(z.ZodError);
    expect((await db.query('select 1 from public.orders where id = $1', [placed.orderId])).rows).toEqual([]);
    expect(await queued('shipping.on-shop.order_placed')).toBe(before);
  });

  it('queues nothing for an event nobody listens to', async () => {
    const orderId = crypto.randomUUID();
    const id = await db.tx((tx) => events.emit(tx, 'shop.order_cancelled', { orderId }));
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await jobs.runDue()).toBe(0);
  });

  it('refuses an event that was never defined', async () => {
    await expect(db.tx((tx) => events.emit(tx, 'shop.order_lost', {}))).rejects.toThrow(
      'events: "shop.order_lost" is not defined (emitted)',
    );
  });
});

describe('retries', () => {
  it('retries a failing consumer alone, with the same event id', async () => {
    const placed = order();
    failOnce.add(placed.orderId);
    const id = await db.tx((tx) => events.emit(tx, orderPlaced, placed));
    expect(await jobs.runDue()).toBe(3);
    const billing = deliveries.filter((d) => d.consumer === 'billing');
    expect(billing.map((d) => d.attempt)).toEqual([1, 2]);
    expect(billing.map((d) => d.event.id)).toEqual([id, id]);
    expect(deliveries.filter((d) => d.consumer === 'shipping').map((d) => d.attempt)).toEqual([1]);
  });
});

describe('boot', () => {
  const fresh = () => {
    const logger = createLogger({ level: 'silent' });
    return createEvents({ jobs: createJobs({ db, logger, clock }), clock, logger });
  };

  it('fails fast on a subscription to an undefined event', () => {
    const e = fresh();
    e.defineEvent(orderPlaced);
    expect(() => e.subscribe('shipping', { 'shop.order_shipped': async () => {} })).toThrow(
      'events: "shop.order_shipped" is not defined (subscribed to by shipping)',
    );
  });

  it('refuses a bad name, a payload that is no object, a second definition and a second subscription', () => {
    const e = fresh();
    expect(() => e.defineEvent('OrderPlaced' as 'a.b', OrderPlaced)).toThrow(/not <module>.<past_tense>/);
    expect(() => e.defineEvent('shop.Order-Placed', OrderPlaced)).toThrow(/not <module>.<past_tense>/);
    expect(() => e.defineEvent('shop.order_counted', z.number())).toThrow('must be an object');
    e.defineEvent(orderPlaced);
    expect(() => e.defineEvent('shop.order_placed', OrderPlaced)).toThrow('defined twice');
    e.subscribe('shipping', { 'shop.order_placed': async () => {} });
    expect(() => e.subscribe('shipping', { 'shop.order_placed': async () => {} })).toThrow(
      'shipping subscribes to "shop.order_placed" twice',
    );
  });

  it('refuses a subscription once the jobs have started', () => {
    expect(() => events.subscribe('audit', { 'shop.order_cancelled': async () => {} })).toThrow(
      /before start\(\)/,
    );
  });

  it('lists every event with its consumers', () => {
    expect(events.catalogue().map((c) => [c.definition.name, c.consumers])).toEqual([
      ['shop.order_placed', ['billing', 'shipping']],
      ['shop.order_cancelled', []],
    ]);
  });
});
