import { fail, ok, type Envelope } from '../../common/errors'
import type { LocalCloud } from '../../local/cloud'
import { startTestCloud } from '../support/local-cloud'
import { C } from '../../cloudfunctions/_lib/collections'

let cloud: LocalCloud
let runOnce: typeof import('../../cloudfunctions/_lib/idempotency').runOnce
let idem: typeof import('../../cloudfunctions/_lib/idempotency')
let db: typeof import('../../cloudfunctions/_lib/cloud').db

beforeAll(async () => {
  cloud = await startTestCloud()
  idem = await import('../../cloudfunctions/_lib/idempotency')
  ;({ runOnce } = idem)
  ;({ db } = await import('../../cloudfunctions/_lib/cloud'))
})
afterAll(() => cloud.close())

function counter(answer: Envelope<unknown>) {
  let runs = 0
  return {
    get runs() {
      return runs
    },
    run: async () => {
      runs++
      await new Promise((r) => setTimeout(r, 20))
      return answer
    },
  }
}

const key = (requestId: string, openid = 'o-member-1') => ({ openid, action: 'grid.recordVisit', requestId })

describe('runOnce: a resent write is done once', () => {
  it('answers a resend with the first answer without running again', async () => {
    const write = counter(ok({ visitId: 'v-1' }))
    const first = await runOnce(db, key('req-aaaaaaaaaaaaaaaa'), new Date(), write.run)
    const resend = await runOnce(db, key('req-aaaaaaaaaaaaaaaa'), new Date(), write.run)
    expect(first).toEqual(ok({ visitId: 'v-1' }))
    expect(resend).toEqual(first)
    expect(write.runs).toBe(1)
  })

  it('of two concurrent sends of one request, runs exactly one', async () => {
    const write = counter(ok({ visitId: 'v-2' }))
    const answers = await Promise.all([
      runOnce(db, key('req-bbbbbbbbbbbbbbbb'), new Date(), write.run),
      runOnce(db, key('req-bbbbbbbbbbbbbbbb'), new Date(), write.run),
    ])
    expect(write.runs).toBe(1)
    expect(answers).toContainEqual(ok({ visitId: 'v-2' }))
    for (const answer of answers) {
      if (!answer.ok) expect(answer.error).toMatchObject({ code: 'CONFLICT', retryable: true })
    }
  })

  it('lets a refused request be corrected and sent again with the same id', async () => {
    const refused = counter(fail('INVALID_ARGUMENT', '请选择走访的户'))
    expect(await runOnce(db, key('req-cccccccccccccccc'), new Date(), refused.run)).toMatchObject({ ok: false })
    const corrected = counter(ok({ visitId: 'v-3' }))
    expect(await runOnce(db, key('req-cccccccccccccccc'), new Date(), corrected.run)).toEqual(ok({ visitId: 'v-3' }))
    expect(corrected.runs).toBe(1)
  })

  it("never answers a resend whose content changed with the first content's success (dropped reply, then an edit)", async () => {
    const first = counter(ok({ logId: 'log-1', status: '当场办结' }))
    const edited = counter(ok({ logId: 'log-1', status: '需后续办理' }))
    const sent = { kind: 'visit', result: '当场办结', at: new Date('2026-05-10T02:00:00Z') }
    const k = (input: unknown) => ({ ...key('req-ffffffffffffffff'), input })
    // The first call succeeds, but its reply is lost on the way back.
    await runOnce(db, k(sent), new Date(), first.run)
    const resent = await runOnce(db, k({ ...sent, result: '需后续办理' }), new Date(), edited.run)
    expect(resent).toEqual({
      ok: false,
      error: { code: 'CONFLICT', message: '内容已修改，请重新提交', retryable: false },
    })
    expect(edited.runs).toBe(0)
    // The same content again, its fields in another order, still gets the first answer.
    const again = await runOnce(db, k({ at: sent.at, result: '当场办结', kind: 'visit' }), new Date(), first.run)
    expect(again).toEqual(ok({ logId: 'log-1', status: '当场办结' }))
    expect(first.runs).toBe(1)
  })

  it('keeps different callers apart even with the same request id', async () => {
    const write = counter(ok({}))
    await runOnce(db, key('req-dddddddddddddddd', 'o-a'), new Date(), write.run)
    await runOnce(db, key('req-dddddddddddddddd', 'o-b'), new Date(), write.run)
    expect(write.runs).toBe(2)
  })

  it('takes over a claim left pending by a call that died, once it is stale', async () => {
    const stuck = new Promise<Envelope<unknown>>(() => undefined) // never settles, like a killed instance
    void runOnce(db, key('req-eeeeeeeeeeeeeeee'), new Date(Date.now() - 120_000), () => stuck)
    await new Promise((r) => setTimeout(r, 50))
    const write = counter(ok({ visitId: 'v-5' }))
    expect(await runOnce(db, key('req-eeeeeeeeeeeeeeee'), new Date(), write.run)).toEqual(ok({ visitId: 'v-5' }))
    expect(write.runs).toBe(1)
  })
})

describe('commitOnce: the effect and the idempotency record commit together', () => {
  // Any collection does for the effect; requests is one the runtime writes.
  const effect = (id: string) => async (tx: import('../../cloudfunctions/_lib/transaction').Tx) => {
    await tx.collection(C.requests).add({ data: { _id: id, description: 'commitOnce' } })
    return { id }
  }
  const exists = async (id: string) =>
    ((await db.collection(C.requests).where({ _id: id }).count()) as { total: number }).total

  it('a call killed after its commit is answered from the marker, not run again', async () => {
    const k = key('req-hhhhhhhhhhhhhhhh')
    let runs = 0
    await expect(
      runOnce(db, k, new Date(), async (claim) => {
        runs++
        await idem.commitOnce(db, claim, effect('eo-1'), (v) => ok(v))
        throw new Error('killed after the commit') // the instance dies before it answers
      }),
    ).rejects.toThrow('killed')
    const resend = await runOnce(db, k, new Date(Date.now() + 120_000), async () => {
      runs++
      return ok({ id: 'again' })
    })
    expect(resend).toEqual(ok({ id: 'eo-1' }))
    expect(runs).toBe(1)
    expect(await exists('eo-1')).toBe(1)
  })

  it('a slow original that loses its claim to a resend commits nothing; the resend commits once', async () => {
    const k = key('req-gggggggggggggggg')
    let release!: () => void
    const gate = new Promise<void>((r) => (release = r))
    const answered =
      (run: (claim: import('../../cloudfunctions/_lib/idempotency').Claim) => Promise<Envelope<unknown>>) =>
      async (claim: import('../../cloudfunctions/_lib/idempotency').Claim) => {
        try {
          return await run(claim)
        } catch (error) {
          if (error instanceof idem.Answered) return error.answer
          throw error
        }
      }
    const t0 = Date.now()
    const original = runOnce(
      db,
      k,
      new Date(t0),
      answered(async (claim) => {
        await gate
        return ok(await idem.commitOnce(db, claim, effect('eo-2a'), (v) => ok(v)))
      }),
    )
    await new Promise((r) => setTimeout(r, 50))
    const resend = await runOnce(
      db,
      k,
      new Date(t0 + idem.TRANSACTIONAL_CLAIM_TTL_MS + 1000),
      answered(async (claim) => ok(await idem.commitOnce(db, claim, effect('eo-2b'), (v) => ok(v)))),
      { claimTtlMs: idem.TRANSACTIONAL_CLAIM_TTL_MS },
    )
    release()
    expect(resend).toEqual(ok({ id: 'eo-2b' }))
    expect(await original).toEqual(ok({ id: 'eo-2b' }))
    expect([await exists('eo-2a'), await exists('eo-2b')]).toEqual([0, 1])
  })
})
