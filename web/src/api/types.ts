import type { components, paths } from './schema.js';

// The web's names for the server's API shapes, all taken from the generated schema.d.ts: a shape the
// server names (a zod schema with .meta({ id })) by that name, any other by the route that answers with it.

/** A shape the server's OpenAPI document names in components.schemas. */
export type Schema<Name extends keyof components['schemas']> = components['schemas'][Name];

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type Success = 200 | 201 | 202 | 204;
type Json<Part> = Part extends { content: { 'application/json': infer Body } } ? Body : never;

/** What a successful `method path` answers with, e.g. `Res<'/api/v1/me/consents', 'get'>`. */
export type Res<Path extends keyof paths, M extends Method> = paths[Path][M] extends { responses: infer R }
  ? Json<R[Extract<keyof R, Success>]>
  : never;

/** The JSON body `method path` takes. */
export type Body<Path extends keyof paths, M extends Method> = paths[Path][M] extends {
  requestBody?: infer B;
}
  ? Json<NonNullable<B>>
  : never;

/** `Omit` for each member of a union on its own (a body that is one of several shapes). */
export type Without<T, Key extends PropertyKey> = T extends unknown ? Omit<T, Key> : never;

/**
 * The members of a string union from the server's schema as a list for a form, in the order given: the
 * object has one key per member, so the compiler refuses a missing or an unknown one.
 */
export function everyMember<Member extends string>(members: Record<Member, true>): Member[] {
  return Object.keys(members) as Member[];
}

/** Narrows a value read from a form or an answer typed more loosely to one of `members`. */
export function isMember<Member extends string>(members: readonly Member[], value: unknown): value is Member {
  return (members as readonly unknown[]).includes(value);
}
