import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { negotiateLocale } from '../i18n/i18n.js';
import { problemFor, sendProblem } from './problem.js';

/**
 * Errors Fastify answers before any route or hook runs: a path parameter longer than `maxParamLength`
 * (414), a broken percent-encoding (400), a failing route constraint. Left alone, Fastify writes its own
 * `application/json`; these become problem+json like every other error, with the headers the
 * `onRequest` hooks would have set (those hooks never run for such a request).
 */
export function frameworkErrorHandler(options: {
  maxParamLength: number;
  commonHeaders: (req: FastifyRequest, reply: FastifyReply) => void;
}) {
  return (err: FastifyError, req: FastifyRequest, reply: FastifyReply): void => {
    req.locale = negotiateLocale(req.headers['accept-language']);
    options.commonHeaders(req, reply);
    switch (err.code) {
      case 'FST_ERR_MAX_PARAM_LENGTH':
        void sendProblem(req, reply, {
          status: 414,
          code: 'http.uri_too_long',
          params: { limit: options.maxParamLength },
        });
        return;
      case 'FST_ERR_BAD_URL':
        void sendProblem(req, reply, { status: 400, code: 'http.bad_url' });
        return;
      default:
        req.log.error({ code: err.code }, 'framework error');
        void sendProblem(req, reply, { status: 500, code: 'http.internal' });
    }
  };
}

const RAW_ERRORS: Record<string, { status: number; reason: string; code: string }> = {
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, reason: 'Request Timeout', code: 'http.request_timeout' },
  HPE_HEADER_OVERFLOW: {
    status: 431,
    reason: 'Request Header Fields Too Large',
    code: 'http.headers_too_large',
  },
};
const MALFORMED = { status: 400, reason: 'Bad Request', code: 'http.malformed_request' };

/**
 * Node's HTTP parser refused the bytes (headers too large, a request line or Content-Length that is not
 * HTTP, a body longer than announced spilling into the next request, a timeout): there is no request
 * object, so the problem document is written to the socket directly, in the language of the
 * Accept-Language header when it can be found in what arrived.
 */
export function clientErrorHandler(
  err: Error & { code?: string; rawPacket?: unknown },
  socket: Socket,
): void {
  // A reset connection has nobody left to answer.
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const kind = RAW_ERRORS[err.code ?? ''] ?? MALFORMED;
  if (socket.writable) {
    const requestId = randomUUID();
    const raw = Buffer.isBuffer(err.rawPacket) ? err.rawPacket : undefined;
    const head = requestLine(raw);
    const body = JSON.stringify(
      problemFor(
        { locale: localeOf(raw), path: head.path, method: head.method, requestId },
        { status: kind.status, code: kind.code },
      ),
    );
    socket.write(
      `HTTP/1.1 ${kind.status} ${kind.reason}\r\n` +
        'Content-Type: application/problem+json; charset=utf-8\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        `x-request-id: ${requestId}\r\n` +
        'Connection: close\r\n\r\n' +
        body,
    );
  }
  socket.destroy(err);
}

function requestLine(raw: Buffer | undefined): { method: string; path: string } {
  const match = raw ? /^([A-Z]{1,16}) (\/[^\s?]{0,200})/.exec(raw.subarray(0, 256).toString('latin1')) : null;
  return { method: match?.[1] ?? '', path: match?.[2] ?? '/' };
}

function localeOf(raw: Buffer | undefined) {
  const header = raw
    ? /\r\naccept-language:[ \t]*([^\r\n]{0,200})/i.exec(raw.toString('latin1'))?.[1]
    : undefined;
  return negotiateLocale(header);
}
