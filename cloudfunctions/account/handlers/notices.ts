/** 我的消息: the caller's notices, newest first, and marking them read (cloudfunctions/_lib/inbox.ts). */
import type { z } from 'zod'
import type { accountContract } from '../../../common/contracts/account'
import { AppError } from '../../../common/errors'
import { listInbox, markRead, unreadCount } from '../../_lib/inbox'
import { iso } from '../../_lib/records'
import type { HandlerContext } from '../../_lib/runtime'
import { C } from '../../_lib/collections'

type Actions = typeof accountContract.actions
type Out<A extends keyof Actions> = z.input<Actions[A]['output']>

function openidOf(ctx: HandlerContext): string {
  if (!ctx.identity.openid) throw new AppError('UNAUTHENTICATED', '请在微信中打开小程序后再查看消息')
  return ctx.identity.openid
}

export async function myNotices({ limit }: { limit: number }, ctx: HandlerContext): Promise<Out<'myNotices'>> {
  const openid = openidOf(ctx)
  const [docs, unread] = await Promise.all([
    listInbox(ctx.db, openid, ctx.now, limit),
    unreadCount(ctx.db, openid, ctx.now),
  ])
  return {
    notices: docs.map((n) => ({
      id: n._id,
      title: n.title,
      lines: n.lines ?? [],
      page: n.page,
      at: iso(n.dueAt)!,
      read: n.read === true,
    })),
    unread,
  }
}

export async function markNoticesRead(
  { ids }: { ids?: string[] },
  ctx: HandlerContext,
): Promise<Out<'markNoticesRead'>> {
  const openid = openidOf(ctx)
  ctx.touch(...(ids ?? []).map((id) => ({ collection: C.notices, id })))
  const marked = await ctx.lastWrite(() => markRead(ctx.db, openid, ctx.now, ids))
  return { marked }
}
