import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/platform/config.js';
import { type App, createHttpApp } from '../../src/platform/http/app.js';
import { createLogger } from '../../src/platform/logger.js';

async function bareApp(): Promise<App> {
  const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: '/tmp/cds-test-data', LOG_LEVEL: 'silent' });
  const app = await createHttpApp({ config, logger: createLogger({ level: 'silent' }), version: 'test' });
  app.get('/api/v1/things/:id', async () => ({ ok: true }));
  app.post('/api/v1/things', async () => ({ ok: true }));
  return app;
}

/** Writes raw bytes to the server and collects everything it answers until it closes the socket. */
function raw(port: number, bytes: string, timeoutMs = 5000): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(bytes));
    let data = '';
    socket.on('data', (chunk) => {
      data += chunk.toString('utf8');
    });
    socket.on('close', () => resolve(data));
    socket.on('error', () => resolve(data));
    setTimeout(() => socket.destroy(), timeoutMs).unref();
  });
}

function parse(response: string) {
  const [head = '', ...rest] = response.split('\r\n\r\n');
  const [statusLine = '', ...headerLines] = head.split('\r\n');
  const headers = Object.fromEntries(
    headerLines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]),
  );
  return { status: Number(statusLine.split(' ')[1]), headers, body: JSON.parse(rest.join('\r\n\r\n')) };
}

describe('issue 9, item 9: framework errors are problem+json too (vi by default, en on request)', () => {
  let app: App;
  let port: number;
  beforeAll(async () => {
    app = await bareApp();
    await app.listen({ port: 0, host: '127.0.0.1' });
    port = (app.server.address() as net.AddressInfo).port;
  });
  afterAll(() => app.close());

  it('a path parameter longer than maxParamLength → 414 problem+json (the fuzz found application/json)', async () => {
    const res = await app.inject(`/api/v1/things/${'x'.repeat(300)}`);
    expect(res.statusCode).toBe(414);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.headers['x-request-id']).toBeTruthy();
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.json()).toMatchObject({ status: 414, code: 'http.uri_too_long', title: 'Địa chỉ quá dài' });
    const en = await app.inject({
      url: `/api/v1/things/${'x'.repeat(300)}`,
      headers: { 'accept-language': 'en' },
    });
    expect(en.json()).toMatchObject({ title: 'URI too long', detail: expect.stringContaining('200') });
  });

  it('a broken percent-encoding in the path → 400 problem+json', async () => {
    const res = await app.inject('/api/v1/things/%E0%A4%A');
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ status: 400, code: 'http.bad_url' });
  });

  it('a body shorter than its Content-Length → 400 problem+json', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/things',
      headers: { 'content-type': 'application/json', 'content-length': '50' },
      payload: '{"a":1}',
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ code: 'http.content_length_mismatch' });
  });

  it('header fields too large → 431 problem+json written by the HTTP parser, in English when asked', async () => {
    const res = parse(
      await raw(
        port,
        `GET /api/v1/things/1 HTTP/1.1\r\nHost: x\r\nAccept-Language: en\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
      ),
    );
    expect(res.status).toBe(431);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({
      status: 431,
      code: 'http.headers_too_large',
      title: 'Request header fields too large',
      instance: '/api/v1/things/1',
    });
    expect(res.body.requestId).toBe(res.headers['x-request-id']);
  });

  it('bytes that are not HTTP → 400 problem+json', async () => {
    const res = parse(await raw(port, 'GARBAGE\r\n\r\n'));
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ code: 'http.malformed_request', title: 'Yêu cầu HTTP không hợp lệ' });
  });

  it('an invalid Content-Length header → 400 problem+json', async () => {
    const res = parse(
      await raw(port, 'POST /api/v1/things HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n{}'),
    );
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});

describe('issue 9, item 9: while shutting down, a request still arriving gets 503 problem+json', () => {
  it('answers a request completed on an open connection after close() began (Fastify alone wrote plain JSON)', async () => {
    const app = await bareApp();
    await app.listen({ port: 0, host: '127.0.0.1' });
    const port = (app.server.address() as net.AddressInfo).port;
    const socket = net.connect(port, '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    let text = '';
    socket.on('data', (chunk) => {
      text += chunk.toString('utf8');
    });
    const ended = new Promise((r) => socket.once('close', r));
    // Headers begun before close(): the connection is busy, so close() does not drop it as idle.
    socket.write('GET /api/v1/things/1 HTTP/1.1\r\nHost: x\r\n');
    await new Promise((r) => setTimeout(r, 50));
    const closed = app.close();
    await new Promise((r) => setTimeout(r, 50));
    socket.write('Accept-Language: en\r\n\r\n');
    await ended;
    await closed;
    const res = parse(text);
    expect(res.status).toBe(503);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.headers['retry-after']).toBe('5');
    expect(res.headers.connection).toBe('close');
    expect(res.body).toMatchObject({ code: 'http.shutting_down', title: 'Service restarting' });
  });
});
