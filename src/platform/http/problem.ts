import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { hasKey, type Locale, translator } from '../i18n/i18n.js';
import type { FieldError } from './errors.js';

export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    code: z.string(),
    instance: z.string().optional(),
    requestId: z.string().optional(),
    errors: z.array(z.object({ pointer: z.string(), code: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: 'Problem', description: 'RFC 9457 problem details' });
export type Problem = z.infer<typeof Problem>;

export interface ProblemInput {
  status: number;
  code: string;
  params?: Record<string, unknown>;
  errors?: FieldError[];
  retryAfter?: number | undefined;
}

/** Where a problem happened, for its `instance`, `requestId` and the catalogue's placeholders. */
export interface ProblemContext {
  locale: Locale;
  path: string;
  method: string;
  requestId: string;
}

function buildProblem(req: FastifyRequest, input: ProblemInput): Problem {
  return problemFor(
    { locale: req.locale, path: req.url.split('?')[0] ?? '/', method: req.method, requestId: req.id },
    input,
  );
}

/** The problem document itself; also used where Fastify has no request object (a malformed request). */
export function problemFor(context: ProblemContext, input: ProblemInput): Problem {
  const t = translator(context.locale);
  const params = {
    path: context.path,
    method: context.method,
    requestId: context.requestId,
    ...input.params,
  };
  const key = `errors.${input.code}`;
  const title = hasKey(`${key}.title`) ? t(`${key}.title`, params) : t('errors.http.bad_request.title');
  const detail = hasKey(`${key}.detail`) ? t(`${key}.detail`, params) : undefined;
  const problem: Problem = {
    type: `urn:congdanso:problem:${input.code}`,
    title,
    status: input.status,
    ...(detail ? { detail } : {}),
    code: input.code,
    instance: params.path as string,
    requestId: context.requestId,
  };
  if (input.errors?.length) {
    problem.errors = input.errors.map((e) => ({
      pointer: e.pointer,
      code: e.code,
      message: fieldMessage(t, e),
    }));
  }
  return problem;
}

function fieldMessage(t: ReturnType<typeof translator>, e: FieldError): string {
  for (const key of [`errors.validation.${e.code}`, `errors.${e.code}`]) {
    if (hasKey(key)) return t(key, e.params);
  }
  return t('errors.validation.custom');
}

export function sendProblem(req: FastifyRequest, reply: FastifyReply, input: ProblemInput) {
  if (input.retryAfter !== undefined) reply.header('retry-after', String(input.retryAfter));
  return reply
    .code(input.status)
    .type('application/problem+json; charset=utf-8')
    .send(JSON.stringify(buildProblem(req, input)));
}
