/**
 * Notifications to people on the roster: WeChat subscribe messages (订阅消息) behind one interface, with lead
 * times and reminders kept as data.
 *
 * API (every function takes the handler's `db` and `now`; nothing reads the clock):
 *
 * - `scheduleNotices(db, inputs, now)` — stores one `notices` document per recipient with its due time `dueAt`.
 *   Those already due (dueAt <= now) are delivered at once; later ones (reminders) wait for the sweep. Costs one
 *   batch insert, plus one delivery write when some are due (locally: one batch insert into `outbox`), whatever
 *   the number of recipients.
 * - `sendDue(db, now, { limit })` — the sweep: delivers queued notices whose `dueAt` has come (oldest first, at most
 *   `limit`, default 200) and marks them `sent` / `failed` / `skipped`. In CloudBase a timer trigger calls it
 *   (the `meetings` function's `notifySweep` action, or any function that imports this file) — e.g. in the
 *   function's config.json: `{ "triggers": [{ "name": "notify", "type": "timer", "config": "0 *\/10 * * * * *" }] }`.
 * - `cancelNotices(db, subject, now)` — cancels every still-queued notice about a subject (a meeting moved or
 *   called off), e.g. `cancelNotices(db, 'meeting:m-123', now)`.
 * - `listOutbox(db, { villageId, personId?, limit })` — locally, what WeChat would have shown, newest first (the
 *   app's 消息 list). Empty in the cloud.
 * - `noticeSender(env)` — `cloudSender` in CloudBase (`cloud.openapi.subscribeMessage.send`), `outboxSender`
 *   anywhere else; detected like `_lib/wxacode.ts` does (TENCENTCLOUD_RUNENV=SCF).
 *
 * A notice input names the village, the recipient (`personId`, and `openid` when bound — unbound people get the
 * notice recorded as `skipped`), a `template` key, a plain-Chinese `title` and `lines` (shown in the local outbox
 * and used to fill the template), the mini-program `page` to open, and `subject` (what it is about, for
 * cancelling). Template keys map to WeChat template ids through the env var `XZ_SUBSCRIBE_TEMPLATES`, a JSON
 * object `{ "<key>": { "id": "<templateId>", "fields": { "thing1": "<line label>", "time2": "<line label>" } } }`:
 * each template field takes the value of the line with that label (cut to 20 characters, as WeChat requires for
 * `thing` fields). A key with no template id configured is `skipped` in the cloud, never an error.
 *
 * Subscribe messages are one-off: the user must have accepted the template (`wx.requestSubscribeMessage`) once per
 * message; a refusal from WeChat (errCode 43101) is recorded as `skipped`. The function's config.json must declare
 * `"permissions": { "openapi": ["subscribeMessage.send"] }`.
 */
import { textFor } from '../../common/rules/disclosure'
import { CLOSED_WINDOW_REASON, reminderTooLate } from '../../common/rules/reminders'
import { cloud, getDocs, type Database } from './cloud'
import { newId } from './records'
import { C } from './collections'
import { updatedCount } from './writes'

export const NOTICES_COLLECTION = C.notices
export const OUTBOX_COLLECTION = C.outbox

export interface NoticeLine {
  label: string
  value: string
}

export interface NoticeInput {
  villageId: string
  townshipId?: string
  personId: string
  /** The recipient's WeChat OPENID when they are bound; without it the notice cannot be delivered. */
  openid?: string | null
  /** Template key, e.g. `meeting_notice`, `meeting_reminder`, `deliberation_notice`. */
  template: string
  title: string
  lines: NoticeLine[]
  /** Mini-program page the message opens, e.g. `packages/meetings/pages/detail/index?villageId=v1&meetingId=m-1`. */
  page: string
  /** When it should go out; absent = now. */
  dueAt?: Date
  /** What it is about, for cancelling: e.g. `meeting:<id>`. */
  subject: string
  /** When the window it is about closes (a vote, a meeting): from then on it is not sent but `skipped`. */
  expiresAt?: Date
}

export type NoticeStatus = 'queued' | 'sending' | 'sent' | 'failed' | 'skipped' | 'cancelled'

export interface NoticeDoc extends Omit<NoticeInput, 'dueAt' | 'openid'> {
  _id: string
  openid: string | null
  townshipId: string
  dueAt: Date
  status: NoticeStatus
  createdAt: Date
  sentAt?: Date
  /** Why it was skipped or failed (plain words, no personal data). */
  reason?: string
}

export interface OutboxDoc {
  _id: string
  noticeId: string
  villageId: string
  personId: string
  template: string
  title: string
  lines: NoticeLine[]
  page: string
  subject: string
  at: Date
}

export interface SendResult {
  id: string
  status: 'sent' | 'failed' | 'skipped'
  reason?: string
}

export interface NoticeSender {
  mode: 'cloud' | 'local'
  /** Delivers notices, answering one result per notice. */
  deliver(db: Database, notices: NoticeDoc[], now: Date): Promise<SendResult[]>
}

interface TemplateConfig {
  id: string
  fields: Record<string, string>
}

function templates(env: NodeJS.ProcessEnv): Record<string, TemplateConfig> {
  try {
    const parsed = JSON.parse(env.XZ_SUBSCRIBE_TEMPLATES ?? '{}') as Record<string, TemplateConfig>
    return parsed && typeof parsed === 'object' ? parsed : {}
  } catch {
    return {}
  }
}

/** Template key → WeChat template id, for the keys this deployment has configured (what the client asks users to accept). */
export function subscribeTemplateIds(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [key, config] of Object.entries(templates(env))) {
    if (config && typeof config === 'object' && typeof config.id === 'string' && config.id.trim())
      out[key] = config.id.trim()
  }
  return out
}

/** The `data` of a subscribe message: each template field takes the value of its line, cut to WeChat's limit. */
export function templateData(config: TemplateConfig, lines: readonly NoticeLine[]): Record<string, { value: string }> {
  const out: Record<string, { value: string }> = {}
  for (const [field, label] of Object.entries(config.fields)) {
    const value = lines.find((l) => l.label === label)?.value ?? ''
    out[field] = { value: field.startsWith('thing') ? [...value].slice(0, 20).join('') : value }
  }
  return out
}

type SubscribeApi = { subscribeMessage?: { send(args: object): Promise<{ errCode?: number; errMsg?: string }> } }

export function cloudSender(env: NodeJS.ProcessEnv = process.env): NoticeSender {
  return {
    mode: 'cloud',
    async deliver(_db, notices) {
      const openapi = (cloud as unknown as { openapi?: SubscribeApi }).openapi
      const configs = templates(env)
      const results: SendResult[] = []
      for (const n of notices) {
        const config = configs[n.template]
        if (!n.openid) results.push({ id: n._id, status: 'skipped', reason: '未绑定微信' })
        else if (!config?.id) results.push({ id: n._id, status: 'skipped', reason: '未配置消息模板' })
        else if (!openapi?.subscribeMessage) results.push({ id: n._id, status: 'failed', reason: '订阅消息接口不可用' })
        else {
          try {
            await openapi.subscribeMessage.send({
              touser: n.openid,
              page: n.page,
              templateId: config.id,
              data: templateData(config, n.lines),
              miniprogramState: 'formal',
            })
            results.push({ id: n._id, status: 'sent' })
          } catch (error) {
            const errCode = (error as { errCode?: number })?.errCode
            // 43101: the user has not accepted (or has used up) this template.
            results.push(
              errCode === 43101
                ? { id: n._id, status: 'skipped', reason: '用户未订阅' }
                : { id: n._id, status: 'failed', reason: `发送失败${errCode ? `（${errCode}）` : ''}` },
            )
          }
        }
      }
      return results
    },
  }
}

/** Offline: every notice becomes a line in the `outbox` collection (one batch insert), which the app lists. */
export const outboxSender: NoticeSender = {
  mode: 'local',
  async deliver(db, notices, now) {
    if (notices.length === 0) return []
    const docs: OutboxDoc[] = notices.map((n) => ({
      _id: `ob-${n._id}`,
      noticeId: n._id,
      villageId: n.villageId,
      personId: n.personId,
      template: n.template,
      title: n.title,
      lines: n.lines,
      page: n.page,
      subject: n.subject,
      at: now,
    }))
    await db.collection(OUTBOX_COLLECTION).add({ data: docs as unknown as Record<string, unknown>[] } as never)
    return notices.map((n) => ({ id: n._id, status: 'sent' as const }))
  },
}

/** SCF (CloudBase's runtime) sets TENCENTCLOUD_RUNENV=SCF; anywhere else we are offline. */
export function noticeSender(env: NodeJS.ProcessEnv = process.env): NoticeSender {
  return env.TENCENTCLOUD_RUNENV === 'SCF' ? cloudSender(env) : outboxSender
}

/**
 * A notice leaves the app (a WeChat message on a lock screen, an outbox row): its title and lines are always
 * de-identified (domain rules §8, common/rules/disclosure.ts); the page it opens shows what the reader may see.
 */
function toDoc(input: NoticeInput, now: Date): NoticeDoc {
  const { dueAt, openid, townshipId, ...rest } = input
  return {
    ...rest,
    title: textFor(rest.title, false),
    lines: rest.lines.map((l) => ({ label: l.label, value: textFor(l.value, false) })),
    _id: newId('nt'),
    openid: openid ?? null,
    townshipId: townshipId ?? '',
    dueAt: dueAt ?? now,
    status: 'queued',
    createdAt: now,
  }
}

/** Delivers notices, except those whose window has closed: they are `skipped` and never reach anyone. */
async function deliverInTime(sender: NoticeSender, db: Database, notices: NoticeDoc[], now: Date) {
  const late = notices.filter((n) => reminderTooLate(n.expiresAt, now))
  const inTime = notices.filter((n) => !reminderTooLate(n.expiresAt, now))
  const results = await sender.deliver(db, inTime, now)
  return [...results, ...late.map((n) => ({ id: n._id, status: 'skipped' as const, reason: CLOSED_WINDOW_REASON }))]
}

/** Marks results in as few writes as there are distinct outcomes. */
async function record(db: Database, results: SendResult[], now: Date): Promise<void> {
  const _ = db.command
  const groups = new Map<string, SendResult[]>()
  for (const r of results) {
    const key = `${r.status}\n${r.reason ?? ''}`
    groups.set(key, [...(groups.get(key) ?? []), r])
  }
  for (const group of groups.values()) {
    const { status, reason } = group[0]!
    const patch: Record<string, unknown> = { status, sentAt: now }
    if (reason) patch.reason = reason
    await db
      .collection(NOTICES_COLLECTION)
      .where({ _id: _.in(group.map((r) => r.id)) })
      .update({ data: patch })
  }
}

/**
 * Stores notices; those already due are delivered now and stored with their outcome (so a meeting's call costs a
 * constant number of database round trips whatever the number of recipients).
 */
export async function scheduleNotices(
  db: Database,
  inputs: readonly NoticeInput[],
  now: Date,
  sender: NoticeSender = noticeSender(),
): Promise<{ queued: number; delivered: number; ids: string[] }> {
  if (inputs.length === 0) return { queued: 0, delivered: 0, ids: [] }
  const docs = inputs.map((i) => toDoc(i, now))
  const due = docs.filter((d) => d.dueAt.getTime() <= now.getTime())
  const results = await deliverInTime(sender, db, due, now)
  const byId = new Map(results.map((r) => [r.id, r]))
  for (const d of due) {
    const r = byId.get(d._id)
    if (!r) continue
    d.status = r.status
    d.sentAt = now
    if (r.reason) d.reason = r.reason
  }
  for (let i = 0; i < docs.length; i += 500) {
    await db
      .collection(NOTICES_COLLECTION)
      .add({ data: docs.slice(i, i + 500) as unknown as Record<string, unknown>[] } as never)
  }
  return {
    queued: docs.length - due.length,
    delivered: results.filter((r) => r.status === 'sent').length,
    ids: docs.map((d) => d._id),
  }
}

/** The sweep: delivers what is due. Answers how many were sent, skipped and failed. */
export async function sendDue(
  db: Database,
  now: Date,
  options: { limit?: number; sender?: NoticeSender } = {},
): Promise<{ sent: number; skipped: number; failed: number }> {
  const _ = db.command
  const due = await getDocs<NoticeDoc>(
    db
      .collection(NOTICES_COLLECTION)
      .where({ status: 'queued', dueAt: _.lte(now) })
      .orderBy('dueAt', 'asc')
      .limit(Math.min(options.limit ?? 200, 1000)),
  )
  if (due.length === 0) return { sent: 0, skipped: 0, failed: 0 }
  // Claim them first, so that two overlapping sweeps do not both send (only a still-queued notice is taken).
  const claimToken = newId('sweep')
  const claim = updatedCount(
    await db
      .collection(NOTICES_COLLECTION)
      .where({ _id: _.in(due.map((d) => d._id)), status: 'queued' })
      .update({ data: { status: 'sending', claimToken } }),
  )
  if (!claim) return { sent: 0, skipped: 0, failed: 0 }
  const claimed = await getDocs<NoticeDoc>(
    db
      .collection(NOTICES_COLLECTION)
      .where({ _id: _.in(due.map((d) => d._id)), claimToken })
      .limit(1000),
  )
  const results = await deliverInTime(options.sender ?? noticeSender(), db, claimed, now)
  await record(db, results, now)
  const count = (s: SendResult['status']) => results.filter((r) => r.status === s).length
  return { sent: count('sent'), skipped: count('skipped'), failed: count('failed') }
}

/** Cancels the still-queued notices about a subject (or any of several). */
export async function cancelNotices(db: Database, subject: string | readonly string[], now: Date): Promise<number> {
  if (typeof subject !== 'string' && subject.length === 0) return 0
  const result = updatedCount(
    await db
      .collection(NOTICES_COLLECTION)
      .where({ subject: typeof subject === 'string' ? subject : db.command.in([...subject]), status: 'queued' })
      .update({ data: { status: 'cancelled', sentAt: now } }),
  )
  return result
}

/** Locally delivered messages, newest first: a village's, or one person's. */
export async function listOutbox(
  db: Database,
  filter: { villageId: string; personId?: string; limit?: number },
): Promise<OutboxDoc[]> {
  const where: Record<string, unknown> = { villageId: filter.villageId }
  if (filter.personId) where.personId = filter.personId
  return getDocs<OutboxDoc>(
    db
      .collection(OUTBOX_COLLECTION)
      .where(where)
      .orderBy('at', 'desc')
      .limit(Math.min(filter.limit ?? 50, 100)),
  )
}
