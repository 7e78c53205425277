import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import underPressure from '@fastify/under-pressure';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  LogController,
  type RawServerDefault,
} from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import FindMyWay from 'find-my-way';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { isDatabaseUnavailable } from '../db/db.js';
import { hasKey, type Locale, negotiateLocale } from '../i18n/i18n.js';
import { flatLineLogger, maskQuery, safeError } from '../logger.js';
import { httpDuration } from '../metrics.js';
import { DomainError, type FieldError, STATUS } from './errors.js';
import { clientErrorHandler, frameworkErrorHandler } from './framework-errors.js';
import { registerNoStore } from './no-store.js';
import { sendProblem } from './problem.js';
import { createSecurityHeaders } from './security-headers.js';

declare module 'fastify' {
  interface FastifyRequest {
    locale: Locale;
  }
  interface FastifyInstance {
    /** Every registered route as `METHOD url` with whether the OpenAPI document hides it (for tests). */
    routeCatalogue: Array<{ method: string; url: string; hidden: boolean }>;
  }
  interface FastifyContextConfig {
    /** Health and metrics opt out of overload shedding and rate limits. */
    isOperational?: boolean;
    /** The SPA catch-all: not a resource, so it must not turn a 404 into a 405. */
    isSpaFallback?: boolean;
  }
}

export type App = FastifyInstance<
  RawServerDefault,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  ZodTypeProvider
>;

export interface HttpAppOptions {
  config: Config;
  logger: Logger;
  version: string;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{8,80}$/;
const MAX_PARAM_LENGTH = 200;
const exempt = { isOperational: true, pressureHandler: () => undefined, rateLimit: false } as const;

/** The Fastify instance with every cross-cutting concern; modules register their routes on it. */
export async function createHttpApp({ config, logger, version }: HttpAppOptions): Promise<App> {
  const securityHeaders = createSecurityHeaders(config);
  /** What every answer carries, routed or not. */
  const commonHeaders = (req: FastifyRequest, reply: FastifyReply) => {
    reply.header('x-request-id', req.id);
    reply.header('vary', 'Accept-Language');
    securityHeaders(req, reply);
  };
  const app = Fastify({
    loggerInstance: logger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: config.bodyLimit,
    trustProxy: config.trustProxy,
    // Our own onRequest answer while closing is problem+json; Fastify's would be plain JSON.
    return503OnClosing: false,
    frameworkErrors: frameworkErrorHandler({ maxParamLength: MAX_PARAM_LENGTH, commonHeaders }),
    clientErrorHandler,
    requestIdHeader: false,
    genReqId: (req) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    },
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: MAX_PARAM_LENGTH },
    ajv: { customOptions: { removeAdditional: false } },
  }).withTypeProvider<ZodTypeProvider>() as unknown as App;

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorateRequest('locale', 'vi');

  // Paths known to the router regardless of method, to tell 405 from 404.
  const paths = FindMyWay();
  const methodsByPath = new Map<string, Set<string>>();
  const catalogue: Array<{ method: string; url: string; hidden: boolean }> = [];
  app.decorate('routeCatalogue', catalogue);
  app.addHook('onRoute', (route) => {
    const hidden = Boolean((route.schema as { hide?: boolean } | undefined)?.hide);
    for (const m of [route.method].flat())
      if (m !== 'HEAD') catalogue.push({ method: m, url: route.url, hidden });
    if (route.config?.isSpaFallback || route.url === '*' || route.url === '/*') return;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    let set = methodsByPath.get(route.url);
    if (!set) {
      set = new Set();
      methodsByPath.set(route.url, set);
      paths.on('GET', route.url, () => {}, { url: route.url });
    }
    for (const m of methods) set.add(m);
  });

  let closing = false;
  app.addHook('preClose', (done) => {
    closing = true;
    done();
  });
  app.addHook('onRequest', (req, reply, done) => {
    req.locale = negotiateLocale(req.headers['accept-language']);
    commonHeaders(req, reply);
    if (!closing) return done();
    // Draining after SIGTERM: requests still arriving on kept-alive connections should go elsewhere.
    reply.header('connection', 'close');
    sendProblem(req, reply, { status: 503, code: 'http.shutting_down', retryAfter: 5 });
  });

  registerNoStore(app);

  const accessLog = flatLineLogger(logger);
  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unmatched';
    httpDuration.labels(req.method, route, String(reply.statusCode)).observe(reply.elapsedTime / 1000);
    if (req.routeOptions.config.isOperational) return;
    accessLog.info(
      {
        reqId: req.id,
        method: req.method,
        url: maskQuery(req.url),
        route,
        statusCode: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
      },
      'request',
    );
  });

  app.setErrorHandler((err, req, reply) => {
    const { status, code, params, errors, retryAfter } = classify(err, req, config);
    if (status >= 500 && code === 'http.internal') req.log.error({ err: safeError(err) }, 'unhandled error');
    else if (status >= 500) req.log.warn({ code, errMessage: (err as Error).message }, 'service unavailable');
    return sendProblem(req, reply, { status, code, params, errors, retryAfter });
  });

  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?')[0] ?? '/';
    const match = paths.find('GET', path);
    const url = (match?.store as { url?: string } | undefined)?.url;
    const allowed = url ? methodsByPath.get(url) : undefined;
    if (allowed && !allowed.has(req.method)) {
      const allow = [...allowed].filter((m) => m !== 'HEAD').join(', ');
      reply.header('allow', allow);
      return sendProblem(req, reply, { status: 405, code: 'http.method_not_allowed', params: { allow } });
    }
    return sendProblem(req, reply, { status: 404, code: 'http.not_found' });
  });

  await app.register(cors, {
    origin: config.corsOrigins.length ? config.corsOrigins : false,
    credentials: true,
    exposedHeaders: ['x-request-id', 'retry-after'],
  });
  await app.register(underPressure, {
    maxEventLoopDelay: config.overload.maxEventLoopDelayMs,
    maxHeapUsedBytes: config.overload.maxHeapUsedBytes,
    maxRssBytes: config.overload.maxRssBytes,
    retryAfter: 10,
    pressureHandler: (req, reply) => {
      sendProblem(req, reply, {
        status: 503,
        code: 'http.overloaded',
        params: { retryAfter: 10 },
        retryAfter: 10,
      });
    },
  });
  await app.register(rateLimit, {
    global: true,
    max: config.rateLimitPerMinute,
    timeWindow: 60_000,
    errorResponseBuilder: (_req, ctx) => {
      const retryAfter = Math.ceil(ctx.ttl / 1000);
      return new DomainError('rate_limited', 'http.rate_limited', { retryAfter }, [], retryAfter);
    },
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Công dân số API',
        version,
        description:
          'API của nền tảng Công dân số. Mọi lỗi trả về dạng RFC 9457 application/problem+json; ngôn ngữ theo Accept-Language (vi mặc định, en).',
        license: { name: 'Apache-2.0', url: 'https://www.apache.org/licenses/LICENSE-2.0' },
      },
      servers: [{ url: config.publicUrl }],
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'cds_session' },
        },
      },
    },
    transform: withoutFreeFormQuery,
    // Puts the schemas named with .meta({ id }) into components.schemas; without it every $ref dangles.
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    staticCSP: true,
    uiConfig: { deepLinking: true },
  });

  app.get('/api/openapi.json', { schema: { hide: true }, config: exempt }, async () => app.swagger());

  return app;
}

export const operationalRouteConfig = exempt;

/**
 * A free-form querystring (a z.record, e.g. what an e-ID provider sends back) has no names to list as
 * query parameters, and @fastify/swagger would list the JSON Schema's own keywords (type, propertyNames…)
 * instead, which makes the document invalid. Such a route documents its query in its description.
 */
const withoutFreeFormQuery: typeof jsonSchemaTransform = (input) => {
  const out = jsonSchemaTransform(input);
  const query = out.schema.querystring as Record<string, unknown> | undefined;
  const freeForm = query?.type === 'object' && !query.properties && query.additionalProperties !== undefined;
  if (!freeForm) return out;
  const { querystring: _freeForm, ...schema } = out.schema;
  return { ...out, schema };
};

interface Classified {
  status: number;
  code: string;
  params?: Record<string, unknown>;
  errors?: FieldError[];
  retryAfter?: number | undefined;
}

function classify(err: unknown, req: FastifyRequest, config: Config): Classified {
  if (err instanceof DomainError) {
    const status = STATUS[err.kind];
    const retryAfter = err.retryAfter ?? (status === 503 ? 30 : undefined);
    return { status, code: err.code, params: err.params, errors: err.fieldErrors, retryAfter };
  }
  if (hasZodFastifySchemaValidationErrors(err)) {
    const where = (err as { validationContext?: string }).validationContext ?? 'body';
    const errors = err.validation.flatMap((v): FieldError[] => {
      const params = (v.params ?? {}) as Record<string, unknown>;
      const base = `/${where}${v.instancePath === '/' ? '' : v.instancePath}`;
      if (v.keyword === 'unrecognized_keys' && Array.isArray(params.keys)) {
        return params.keys.map((k) => ({
          pointer: `${base}/${String(k)}`,
          code: 'unrecognized_keys',
          params: { keys: String(k) },
        }));
      }
      const isMissing = v.keyword === 'invalid_type' && /received undefined/.test(v.message ?? '');
      const code = isMissing ? 'required' : customCode(v.keyword, v.message);
      return [{ pointer: base, code, params: formatParams(params) }];
    });
    return { status: 400, code: 'http.validation', params: { count: errors.length }, errors };
  }
  if (isDatabaseUnavailable(err)) return { status: 503, code: 'http.database_unavailable', retryAfter: 30 };
  const e = err as { code?: string; statusCode?: number; message?: string };
  switch (e.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { status: 413, code: 'http.payload_too_large', params: { limit: config.bodyLimit } };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return {
        status: 415,
        code: 'http.unsupported_media_type',
        params: { contentType: req.headers['content-type'] ?? '' },
      };
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return { status: 400, code: 'http.content_length_mismatch' };
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { status: 400, code: 'http.malformed_json' };
  }
  if (err instanceof SyntaxError && e.statusCode === 400) return { status: 400, code: 'http.malformed_json' };
  if (e.statusCode === 429) return { status: 429, code: 'http.rate_limited', params: { retryAfter: 60 } };
  if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) {
    return { status: e.statusCode, code: 'http.bad_request', params: { message: e.message ?? '' } };
  }
  return { status: 500, code: 'http.internal' };
}

/**
 * Schemas may give a catalogue code as the message of a refinement or pattern (e.g. `directory.unit_code`,
 * looked up as `errors.validation.directory.unit_code`); it is more specific than the generic keyword.
 */
function customCode(keyword: string, message: string | undefined): string {
  if (message && /^[a-z_]+(\.[a-z_]+)+$/.test(message) && hasKey(`errors.validation.${message}`))
    return message;
  return keyword;
}

function formatParams(params: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...params };
  if (Array.isArray(params.values)) out.values = params.values.map(String).join(', ');
  if (typeof params.minimum === 'bigint' || typeof params.maximum === 'bigint') {
    out.minimum = String(params.minimum);
    out.maximum = String(params.maximum);
  }
  return out;
}
