import { closeCheck, rateCheck, ratingDeadline, type RatingFacts } from './request-rating'

const REPLIED = '2026-11-10T02:00:00.000Z'
const CLOSED = '2026-11-12T08:00:00.000Z'
const ms = (iso: string, deltaMs = 0) => new Date(new Date(iso).getTime() + deltaMs)

describe('rating window after 办结', () => {
  const closed: RatingFacts = { status: 'closed', repliedAt: REPLIED, closedAt: CLOSED, hasOwner: true }

  it('ends exactly the window after the close', () => {
    expect(ratingDeadline(CLOSED, 7).toISOString()).toBe('2026-11-19T08:00:00.000Z')
    expect(ratingDeadline(CLOSED, 1).toISOString()).toBe('2026-11-13T08:00:00.000Z')
  })

  it('lets the resident rate until the last millisecond of the window, not after', () => {
    expect(rateCheck(closed, ms('2026-11-19T08:00:00.000Z', -1), 7)).toEqual({ ok: true })
    const late = rateCheck(closed, ms('2026-11-19T08:00:00.000Z'), 7)
    expect(late).toEqual({ ok: false, message: '办结已超过 7 天，不能再评价' })
    // A shorter village setting closes it sooner.
    expect(rateCheck(closed, ms('2026-11-13T08:00:00.000Z'), 1).ok).toBe(false)
  })

  it('rates a reply once, before or after the close', () => {
    expect(rateCheck({ status: 'replied', repliedAt: REPLIED, hasOwner: true }, ms(CLOSED), 7)).toEqual({ ok: true })
    expect(rateCheck({ ...closed, rating: 'satisfied' }, ms(CLOSED, 1000), 7)).toEqual({
      ok: false,
      message: '这件诉求已经评价过了',
    })
    expect(rateCheck({ status: 'rated', rating: 'basically', hasOwner: true }, ms(CLOSED), 7).ok).toBe(false)
  })

  it('never rates a request without a reply', () => {
    for (const status of ['received', 'accepted', 'in_progress'] as const)
      expect(rateCheck({ status, hasOwner: true }, ms(CLOSED), 7)).toEqual({
        ok: false,
        message: '诉求答复后才能评价',
      })
  })
})

describe('办结 only once the resident has seen the reply', () => {
  const replied: RatingFacts = { status: 'replied', repliedAt: REPLIED, hasOwner: true }

  it('is not offered right after the reply', () => {
    const r = closeCheck(replied, ms(REPLIED, 60_000), 7)
    expect(r.ok).toBe(false)
    expect(!r.ok && r.message).toMatch(/群众还没有看到答复/)
  })

  it('is offered once the resident opened the reply, or rated it', () => {
    expect(closeCheck({ ...replied, replySeenAt: ms(REPLIED, 1000) }, ms(REPLIED, 2000), 7)).toEqual({ ok: true })
    expect(closeCheck({ ...replied, status: 'rated', rating: 'unsatisfied' }, ms(REPLIED, 2000), 7)).toEqual({
      ok: true,
    })
  })

  it('is offered when the window has passed since the reply and the resident never looked', () => {
    expect(closeCheck(replied, ms(REPLIED, 7 * 86_400_000 - 1), 7).ok).toBe(false)
    expect(closeCheck(replied, ms(REPLIED, 7 * 86_400_000), 7)).toEqual({ ok: true })
  })

  it('is offered at once when nobody can read the request in the app (answered in person)', () => {
    expect(closeCheck({ ...replied, hasOwner: false }, ms(REPLIED, 1000), 7)).toEqual({ ok: true })
  })

  it('is never offered before a reply', () => {
    expect(closeCheck({ status: 'in_progress', hasOwner: false }, ms(REPLIED), 7).ok).toBe(false)
  })
})
