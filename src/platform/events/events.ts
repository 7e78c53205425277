import { z } from 'zod';
import type { Tx } from '../db/db.js';
import type { JobContext } from '../jobs/jobs.js';

/** `<module>.<past_tense>` in snake case, e.g. `identity.cccd_verified`. */
export type EventName = `${string}.${string}`;

const EVENT_NAME = /^[a-z][a-z0-9]*\.[a-z][a-z0-9]*(_[a-z0-9]+)*$/;

/**
 * A domain event: "this happened" in the producing module, for other modules to react to later.
 * The payload is JSON-shaped (strings, numbers, booleans, arrays, objects; ids and times as strings)
 * because it is stored with the queued job and parsed again when each consumer runs.
 */
export interface EventDefinition<P extends z.ZodType = z.ZodType> {
  readonly name: EventName;
  readonly payload: P;
}

/** What a consumer receives: the same `id` on every retry, so a handler can be idempotent. */
export interface DomainEvent<P = unknown> {
  /** UUIDv7, one per emitted event (shared by every consumer of it). */
  id: string;
  name: EventName;
  /** From the injected clock, when the producer emitted it. */
  occurredAt: Date;
  payload: P;
}

/** Delivery is at least once: the handler must be safe to run twice (see JobContext). */
export type EventHandler<P = unknown> = (event: DomainEvent<P>, ctx: JobContext) => Promise<void>;

/**
 * A consumer's handlers keyed by event name. `never` lets each handler declare the payload type it
 * expects (`DomainEvent<CccdVerified>`): the payload was checked against the event's schema first.
 */
export type EventHandlers = Record<string, EventHandler<never>>;

/** The outbox for domain events, on the durable jobs queue. */
export interface Events {
  /** Makes an event known (once per name); returns its definition for `emit`. */
  defineEvent<P extends z.ZodType>(name: EventName, payload: P): EventDefinition<P>;
  defineEvent<P extends z.ZodType>(definition: EventDefinition<P>): EventDefinition<P>;
  /**
   * Validates the payload and queues one job per subscriber through `tx`: the event reaches its
   * consumers if and only if the transaction commits. Nobody subscribed: nothing is queued.
   * Returns the event id.
   */
  emit<P extends z.ZodType>(
    tx: Tx,
    event: EventDefinition<P> | EventName,
    payload: z.input<P>,
  ): Promise<string>;
  /**
   * Registers `consumer`'s handlers, each as a job of its own (`<consumer>.on-<event>`) so a failing
   * consumer is retried alone. Call at boot, after the events are defined and before `jobs.start()`.
   */
  subscribe(consumer: string, handlers: EventHandlers): void;
  /** Every defined event, with the modules that subscribed to it (for the catalogue in docs/events.md). */
  catalogue(): Array<{ definition: EventDefinition; consumers: string[] }>;
}

/** A definition to export from the producing module's `module.ts`; register it with `events.defineEvent`. */
export function defineEvent<P extends z.ZodType>(name: EventName, payload: P): EventDefinition<P> {
  if (!EVENT_NAME.test(name)) {
    throw new Error(`events: "${name}" is not <module>.<past_tense> in snake case`);
  }
  // An object can gain optional fields later without breaking the consumers of stored events.
  if (!(payload instanceof z.ZodObject))
    throw new Error(`events: the payload of "${name}" must be an object`);
  return Object.freeze({ name, payload });
}

/** The job payload that carries one event to one consumer. */
export function eventEnvelope<P extends z.ZodType>(definition: EventDefinition<P>) {
  return z.strictObject({
    id: z.uuid(),
    name: z.literal(definition.name),
    occurredAt: z.iso.datetime({ offset: true }),
    payload: definition.payload,
  });
}

export function producerOf(name: EventName): string {
  return name.slice(0, name.indexOf('.'));
}
