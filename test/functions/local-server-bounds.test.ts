/**
 * The local server's own defences (issue 21, findings 4 and 7): oversized bodies get a 413 with a message, a huge
 * array is refused with one short message while other calls go on, timer events come only from the server's own
 * scheduler, and only loopback names are answered (DNS rebinding against the demo login).
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import http from 'node:http'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { stop as stopEsbuild } from 'esbuild'
import { buildAllFunctions, functionsOutDir } from '../../scripts/build-functions'
import { MAX_BODY_BYTES, startLocalServer, type LocalServer } from '../../local/server'
import { C } from '../../cloudfunctions/_lib/collections'

interface Reply {
  status: number
  headers: http.IncomingHttpHeaders
  text: string
}

/** A raw HTTP request (fetch cannot set Host), with the body written in `parts`; `between` runs after the first. */
function request(
  url: string,
  options: { method?: string; path: string; headers?: Record<string, string>; parts?: Buffer[] },
  between?: () => Promise<void>,
): Promise<Reply> {
  const { port } = new URL(url)
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, method: options.method ?? 'POST', path: options.path, headers: options.headers },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }),
        )
      },
    )
    req.on('error', reject)
    const parts = options.parts ?? []
    void (async () => {
      for (let i = 0; i < parts.length; i++) {
        await new Promise<void>((done) => (req.write(parts[i]) ? done() : req.once('drain', () => done())))
        if (i === 0 && between) await between()
      }
      req.end()
    })()
  })
}

const json = (value: unknown) => Buffer.from(JSON.stringify(value))

describe('local server bounds (built functions)', () => {
  let server: LocalServer
  const h5Dir = mkdtempSync(path.join(tmpdir(), 'xz-h5-'))

  beforeAll(async () => {
    writeFileSync(path.join(h5Dir, 'index.html'), '<!doctype html><title>乡治</title>')
    await buildAllFunctions({ quiet: true })
    server = await startLocalServer({ port: 0, h5Dir, functionsDir: functionsOutDir })
  })
  afterAll(async () => {
    await server.close()
    stopEsbuild()
  })

  const ping = () =>
    request(server.url, {
      path: '/api/functions/system',
      headers: { 'content-type': 'application/json' },
      parts: [json({ action: 'ping', data: {} })],
    })

  it('answers a body over the CloudBase limit with 413 and a Chinese message, not a reset', async () => {
    const big = Buffer.alloc(MAX_BODY_BYTES + 1024 * 1024, 0x20)
    const reply = await request(server.url, {
      path: '/api/functions/system',
      headers: { 'content-type': 'application/json', 'content-length': String(big.length) },
      parts: [big.subarray(0, 1024 * 1024), big.subarray(1024 * 1024)],
    })
    expect(reply.status).toBe(413)
    const body = JSON.parse(reply.text) as { ok: boolean; error: { code: string; message: string } }
    expect(body.ok).toBe(false)
    expect(body.error.message).toMatch(/提交的内容过大/)
    // Also without a content-length (chunked): the size is counted as it arrives.
    const chunked = await request(server.url, {
      path: '/api/functions/system',
      headers: { 'content-type': 'application/json' },
      parts: [big.subarray(0, 1024 * 1024), big.subarray(1024 * 1024)],
    })
    expect(chunked.status).toBe(413)
    expect((await ping()).status).toBe(200)
  })

  it('refuses a 4.8 MB array from an unauthenticated caller with one short message; a normal call goes on meanwhile', async () => {
    const head = Buffer.from('{"action":"assign","data":{"villageId":"v001","gridId":"g001","householdIds":[')
    const items = Buffer.from('1,'.repeat(2_400_000))
    const tail = Buffer.from('1]}}')
    expect(head.length + items.length + tail.length).toBeGreaterThan(4.8e6)
    const order: string[] = []
    const huge = request(
      server.url,
      { path: '/api/functions/grid', headers: { 'content-type': 'application/json' }, parts: [head, items, tail] },
      // While the huge body is still arriving, another caller is answered.
      async () => {
        const normal = await ping()
        expect(normal.status).toBe(200)
        order.push('normal')
      },
    ).then((reply) => {
      order.push('huge')
      return reply
    })
    const reply = await huge
    expect(order).toEqual(['normal', 'huge'])
    expect(reply.status).toBe(200)
    expect(reply.text.length).toBeLessThan(1000)
    const body = JSON.parse(reply.text) as { ok: boolean; error: { code: string; message: string; fields: unknown[] } }
    expect(body.error.code).toBe('INVALID_ARGUMENT')
    expect(body.error.message).toMatch(/最多 \d+ 项/)
    expect(body.error.fields).toHaveLength(1)
    expect(reply.headers['x-db-round-trips']).toBe('0')
  })

  it('answers only loopback names in Host (DNS rebinding)', async () => {
    const login = (host: string) => request(server.url, { method: 'GET', path: '/api/demo/logins', headers: { host } })
    const port = new URL(server.url).port
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, 'localhost']) {
      expect((await login(host)).status).toBe(200)
    }
    for (const host of [
      `evil.example:${port}`,
      'evil.example',
      `127.0.0.1.evil.example:${port}`,
      `192.168.1.5:${port}`,
    ]) {
      const reply = await login(host)
      expect(reply.status).toBe(403)
      expect(reply.text).toMatch(/localhost/)
    }
    const call = await request(server.url, {
      path: '/api/functions/system',
      headers: { host: `rebound.example:${port}`, 'x-demo-openid': 'demo-secretary' },
      parts: [json({ action: 'whoami', data: {} })],
    })
    expect(call.status).toBe(403)
  })
})

describe('timer events over HTTP', () => {
  it('are refused: only the server’s own scheduler sends them', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'xz-timer-fns-'))
    mkdirSync(path.join(dir, 'ticker'))
    writeFileSync(
      path.join(dir, 'ticker', 'index.js'),
      `const cloud = require(${JSON.stringify(require.resolve('wx-server-sdk'))})
exports.main = async (event) => {
  cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV })
  await cloud.database().collection('audit').add({ data: { timer: event } })
  return { ok: true, data: {} }
}`,
    )
    writeFileSync(
      path.join(dir, 'ticker', 'config.json'),
      JSON.stringify({ triggers: [{ name: 'tick', type: 'timer', config: '0 0 3 * * * *' }] }),
    )
    const h5Dir = mkdtempSync(path.join(tmpdir(), 'xz-h5-'))
    const server = await startLocalServer({ port: 0, h5Dir, functionsDir: dir })
    try {
      for (const headers of [{}, { 'x-demo-openid': 'demo-secretary' }] as Record<string, string>[]) {
        const reply = await request(server.url, {
          path: '/api/functions/ticker',
          headers: { 'content-type': 'application/json', ...headers },
          parts: [json({ Type: 'Timer', TriggerName: 'tick', Time: '2026-11-18T03:00:00+08:00', Message: '' })],
        })
        expect(reply.status).toBe(403)
        expect(reply.text).toMatch(/定时/)
      }
      expect(server.cloud.engine.has(C.audit) ? server.cloud.engine.collection(C.audit).size : 0).toBe(0)
      // An ordinary event still reaches the function.
      const plain = await request(server.url, {
        path: '/api/functions/ticker',
        headers: { 'content-type': 'application/json' },
        parts: [json({ action: 'x' })],
      })
      expect(plain.status).toBe(200)
      expect(server.cloud.engine.collection(C.audit).size).toBe(1)
    } finally {
      await server.close()
    }
  })
})
