import type { Logger } from 'pino';
import { uuidv7 } from 'uuidv7';
import type { z } from 'zod';
import type { Clock } from '../clock.js';
import type { JobDefinition, Jobs } from '../jobs/jobs.js';
import {
  type EventDefinition,
  type EventHandler,
  type EventName,
  type Events,
  defineEvent as eventDefinition,
  eventEnvelope,
} from './events.js';

export interface CreateEventsOptions {
  jobs: Jobs;
  clock: Clock;
  logger: Logger;
}

const MODULE_NAME = /^[a-z][a-z0-9]*$/;

interface Registered {
  definition: EventDefinition;
  /** consumer module → the job that carries this event to it */
  consumers: Map<string, JobDefinition>;
}

export function createEvents(options: CreateEventsOptions): Events {
  const { jobs, clock } = options;
  const log = options.logger.child({ component: 'events' });
  const registry = new Map<string, Registered>();

  const registered = (name: string, what: string): Registered => {
    const entry = registry.get(name);
    if (!entry) throw new Error(`events: "${name}" is not defined (${what})`);
    return entry;
  };

  function consumerJob(definition: EventDefinition, consumer: string, handler: EventHandler) {
    const envelope = eventEnvelope(definition);
    const job: JobDefinition<typeof envelope> = {
      name: `${consumer}.on-${definition.name}`,
      payload: envelope,
      run: (event, ctx) =>
        handler({ ...event, name: definition.name, occurredAt: new Date(event.occurredAt) }, ctx),
    };
    return job as unknown as JobDefinition;
  }

  return {
    defineEvent<P extends z.ZodType>(nameOrDefinition: EventName | EventDefinition<P>, payload?: P) {
      const definition =
        typeof nameOrDefinition === 'string'
          ? eventDefinition(nameOrDefinition, payload as P)
          : eventDefinition(nameOrDefinition.name, nameOrDefinition.payload);
      if (registry.has(definition.name)) throw new Error(`events: "${definition.name}" is defined twice`);
      registry.set(definition.name, { definition, consumers: new Map() });
      return definition;
    },

    async emit(tx, event, payload) {
      const name = typeof event === 'string' ? event : event.name;
      const { definition, consumers } = registered(name, 'emitted');
      const id = uuidv7();
      const data = {
        id,
        name,
        occurredAt: clock.now().toISOString(),
        payload: definition.payload.parse(payload),
      };
      for (const job of consumers.values()) await jobs.enqueue(tx, job, data);
      // Never the payload: it may hold personal data.
      tx.afterCommit(() =>
        log.debug({ event: name, eventId: id, consumers: consumers.size }, 'event emitted'),
      );
      return id;
    },

    subscribe(consumer, handlers) {
      if (!MODULE_NAME.test(consumer)) throw new Error(`events: "${consumer}" is not a module name`);
      for (const [name, handler] of Object.entries(handlers)) {
        const entry = registered(name, `subscribed to by ${consumer}`);
        if (entry.consumers.has(consumer)) {
          throw new Error(`events: ${consumer} subscribes to "${name}" twice`);
        }
        const job = consumerJob(entry.definition, consumer, handler as EventHandler);
        jobs.define(job);
        entry.consumers.set(consumer, job);
      }
    },

    catalogue() {
      return [...registry.values()].map(({ definition, consumers }) => ({
        definition,
        consumers: [...consumers.keys()].sort(),
      }));
    },
  };
}
