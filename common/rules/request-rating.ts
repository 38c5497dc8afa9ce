/**
 * When a resident's request may be closed (办结) and rated (评价), beyond the state machine of request-flow.ts.
 * Domain rules §6: handled → reply to the resident → the resident's rating. So 办结 is not offered the moment a
 * reply is written: the resident must first have seen it (opened the request after the reply) or rated it. A
 * resident who never opens it does not hold the request open for ever: once the rating window has passed since the
 * reply, the holder may close it. A request with nobody who can read it in the app (a walk-in visitor logged on
 * duty, no roster person or household) was answered in person and may be closed at once.
 *
 * After 办结 the resident may still rate, within `requestRatingDays` (a village setting, default 7) of the close;
 * the close reminds them to. A request keeps the window in force when it was raised (the functions store it on the
 * request, so closing and rating read no settings). Pure; no I/O.
 */
import type { Rating, RequestStatus } from './request-flow'

export const DAY_MS = 86_400_000

export interface RatingFacts {
  status: RequestStatus
  rating?: Rating | null
  repliedAt?: Date | string | null
  /** When the resident first opened the request after the reply. */
  replySeenAt?: Date | string | null
  closedAt?: Date | string | null
  /** Someone can read the request in the app: a roster person or a household it belongs to. */
  hasOwner: boolean
}

export type Check = { ok: true } | { ok: false; message: string }

const at = (d: Date | string) => new Date(d).getTime()

/** Until when a closed request may still be rated. */
export function ratingDeadline(closedAt: Date | string, ratingDays: number): Date {
  return new Date(at(closedAt) + ratingDays * DAY_MS)
}

/** Whether the resident may rate now: after a reply until rated, and after 办结 within the window. */
export function rateCheck(f: RatingFacts, now: Date, ratingDays: number): Check {
  if (f.rating) return { ok: false, message: '这件诉求已经评价过了' }
  if (f.status === 'replied') return { ok: true }
  if (f.status === 'closed') {
    if (!f.closedAt) return { ok: false, message: '这件诉求已办结，不能再评价' }
    if (now.getTime() < ratingDeadline(f.closedAt, ratingDays).getTime()) return { ok: true }
    return { ok: false, message: `办结已超过 ${ratingDays} 天，不能再评价` }
  }
  return { ok: false, message: '诉求答复后才能评价' }
}

/** Whether the holder may close now (the state machine has already allowed `close` from replied / rated). */
export function closeCheck(f: RatingFacts, now: Date, ratingDays: number): Check {
  if (f.status === 'rated' || f.rating) return { ok: true }
  if (f.status !== 'replied') return { ok: false, message: '须先答复群众，才能办结' }
  if (!f.hasOwner || f.replySeenAt) return { ok: true }
  if (f.repliedAt && now.getTime() >= at(f.repliedAt) + ratingDays * DAY_MS) return { ok: true }
  return {
    ok: false,
    message: `群众还没有看到答复：群众看过答复或评价后才能办结（答复 ${ratingDays} 天后群众仍未查看的，也可以办结）`,
  }
}
