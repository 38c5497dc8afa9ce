import { httpTransport } from '../../src/api/transport'

describe('H5 transport to the local server', () => {
  const realFetch = global.fetch
  afterEach(() => {
    global.fetch = realFetch
  })

  function answer(status: number, body: string): void {
    // jsdom has no Response class: answer with the part of it the transport reads.
    global.fetch = jest.fn(async () => ({ status, json: async () => JSON.parse(body) })) as unknown as typeof fetch
  }

  it('posts { action, data } to /api/functions/<name> and returns the envelope', async () => {
    answer(200, JSON.stringify({ ok: true, data: { beijingDate: '2026-03-02' } }))
    const result = await httpTransport('http://local')('system', { action: 'ping', data: {} })
    expect(result).toEqual({ ok: true, data: { beijingDate: '2026-03-02' } })
    const [url, init] = (global.fetch as jest.Mock).mock.calls[0]
    expect(url).toBe('http://local/api/functions/system')
    expect(JSON.parse(init.body)).toEqual({ action: 'ping', data: {} })
  })

  it('turns a dropped connection into a retryable NETWORK error instead of throwing', async () => {
    global.fetch = jest.fn(async () => {
      throw new TypeError('Failed to fetch')
    }) as typeof fetch
    const result = await httpTransport()('system', { action: 'ping', data: {} })
    expect(result).toEqual({ ok: false, error: expect.objectContaining({ code: 'NETWORK', retryable: true }) })
  })

  it('passes a server error envelope through unchanged', async () => {
    answer(200, JSON.stringify({ ok: false, error: { code: 'FORBIDDEN', message: '您没有权限进行此操作' } }))
    const result = await httpTransport()('system', { action: 'whoami', data: {} })
    expect(result).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: '您没有权限进行此操作' } })
  })

  it('treats a gateway error page (no envelope) as a retryable network failure', async () => {
    answer(502, '<html>Bad Gateway</html>')
    const result = await httpTransport()('system', { action: 'ping', data: {} })
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.error.code).toBe('NETWORK')
  })

  it('gives up after the timeout with a NETWORK error', async () => {
    global.fetch = jest.fn(
      (_url: unknown, init?: RequestInit) =>
        new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(new Error('aborted')))),
    ) as unknown as typeof fetch
    const result = await httpTransport('', 20)('system', { action: 'ping', data: {} })
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.error.code).toBe('NETWORK')
  })
})
