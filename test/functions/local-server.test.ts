import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { stop as stopEsbuild } from 'esbuild'
import { buildAllFunctions, functionsOutDir } from '../../scripts/build-functions'
import { startLocalServer, type LocalServer } from '../../local/server'

let server: LocalServer
const h5Dir = mkdtempSync(path.join(tmpdir(), 'xz-h5-'))

beforeAll(async () => {
  writeFileSync(path.join(h5Dir, 'index.html'), '<!doctype html><title>乡治</title>')
  // The server runs the built bundles — the same files that are deployed — so build them first.
  await buildAllFunctions({ quiet: true })
  server = await startLocalServer({ port: 0, h5Dir })
})
afterAll(async () => {
  await server.close()
  stopEsbuild() // esbuild's service process would keep jest from exiting
})

const post = (pathname: string, body: string, headers: Record<string, string> = {}) =>
  fetch(`${server.url}${pathname}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  })

describe('local server (npm start)', () => {
  it('answers /healthz with 200 JSON listing the functions', async () => {
    const res = await fetch(`${server.url}/healthz`)
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ ok: true, status: 'ok', functions: expect.arrayContaining(['system']) })
  })

  it('runs a built function bundle for POST /api/functions/<name>', async () => {
    const res = await post('/api/functions/system', JSON.stringify({ action: 'ping', data: {} }))
    expect(res.status).toBe(200)
    const body = (await res.json()) as { ok: boolean; data: { beijingDate: string } }
    expect(body.ok).toBe(true)
    expect(body.data.beijingDate).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    expect(res.headers.get('x-db-round-trips')).toBe('0')
  })

  it('reports the database work of each call in response headers', async () => {
    const res = await post('/api/functions/system', JSON.stringify({ action: 'whoami', data: {} }), {
      'x-demo-openid': 'demo-x',
    })
    expect(res.headers.get('x-db-round-trips')).toBe('1')
    expect(res.headers.get('x-db-docs-returned')).toBe('0')
  })

  it('takes the demo identity from the header, and ignores one that is not a plain id', async () => {
    const asDemo = await post('/api/functions/system', JSON.stringify({ action: 'whoami', data: {} }), {
      'x-demo-openid': 'demo-resident',
    })
    expect(await asDemo.json()).toEqual({ ok: true, data: { bound: false, memberships: [] } })
    const forged = await post('/api/functions/system', JSON.stringify({ action: 'whoami', data: {} }), {
      'x-demo-openid': '{"$ne":null}',
    })
    expect(await forged.json()).toEqual({ ok: true, data: { bound: false, memberships: [] } })
  })

  it('answers envelopes for an unknown function, malformed JSON and an unknown action', async () => {
    const unknownFn = await post('/api/functions/nope', '{}')
    expect(unknownFn.status).toBe(404)
    expect(await unknownFn.json()).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
    const malformed = await post('/api/functions/system', '{"action": ')
    expect(malformed.status).toBe(400)
    expect(await malformed.json()).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } })
    const unknownAction = await post('/api/functions/system', JSON.stringify({ action: 'nope' }))
    expect(await unknownAction.json()).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } })
  })

  it('serves the H5 build and never a file outside it', async () => {
    const index = await fetch(`${server.url}/`)
    expect(index.status).toBe(200)
    expect(await index.text()).toContain('乡治')
    const traversal = await fetch(`${server.url}/..%2f..%2fetc%2fpasswd`)
    expect(traversal.status).toBe(404)
  })
})

describe('deployable function bundles', () => {
  it('are self-contained folders whose package.json depends on wx-server-sdk only', () => {
    const manifest = JSON.parse(readFileSync(path.join(functionsOutDir, 'system', 'package.json'), 'utf8'))
    expect(manifest.main).toBe('index.js')
    expect(Object.keys(manifest.dependencies)).toEqual(['wx-server-sdk'])
    const code = readFileSync(path.join(functionsOutDir, 'system', 'index.js'), 'utf8')
    expect(code).not.toMatch(/require\(["']\.\.?\//) // no relative requires left: shared code is bundled in
    expect(code).toMatch(/require\(["']wx-server-sdk["']\)/)
  })
})
