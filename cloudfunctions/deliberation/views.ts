/** 四议两公开 documents as the contract's outputs (common/contracts/deliberation.ts). */
import { DELIBERATION_RUNNERS } from '../../common/contracts/deliberation'
import { seesFullIn, textFor } from '../../common/rules/disclosure'
import { matterStatusLabel } from '../../common/rules/deliberation-conduct'
import {
  ageDays,
  CATEGORIES,
  isStuck,
  leftTheMethod,
  mustGoThroughMethod,
  STEP_LABELS,
  windowPhase,
} from '../../common/rules/deliberation'
import { MEETING_KIND_LABELS } from '../../common/rules/quorum'
import { iso } from '../_lib/records'
import type { HandlerContext } from '../_lib/runtime'
import type { HistoryEntry, MatterDoc, PublicationDoc, WindowDoc } from './store'

export const ACTION_LABELS: Record<HistoryEntry['action'], string> = {
  proposed: '提议',
  passed: '通过',
  rejected: '未通过，终止',
  returned: '退回修改',
  reproposed: '修改后重新提议',
  withdrawn: '撤回',
  notice_sent: '议题送达',
  voting_opened: '开始表决',
  voting_closed: '表决截止并计票',
  published: '公开',
}

/**
 * Whether the caller sees a matter's text in full (domain rules §8, common/rules/disclosure.ts): the village's
 * 四议两公开 runners and the supervising organisers; members, representatives and residents see it de-identified.
 */
export async function seesMatterInFull(ctx: HandlerContext, villageId: string): Promise<boolean> {
  const principal = await ctx.principal()
  return seesFullIn(principal.memberships, villageId, DELIBERATION_RUNNERS)
}

/** A matter in a list, with its age at its step and the township's flags (stuck, left the method). */
export function summaryOf(m: MatterDoc, now: Date, stuckDays: number, villageName?: string, full = true) {
  const since = new Date(m.stepSince)
  return {
    id: m._id,
    villageId: m.villageId,
    villageName,
    title: textFor(m.title, full),
    category: m.category,
    categoryLabel: CATEGORIES[m.category]?.label ?? m.category,
    mustGo: mustGoThroughMethod(m.category),
    origin: m.origin,
    step: m.step,
    stepLabel: STEP_LABELS[m.step],
    status: m.status,
    statusLabel: matterStatusLabel(m.step, m.status),
    createdAt: iso(m.createdAt)!,
    stepSince: iso(since)!,
    ageDays: ageDays(since, now),
    stuck: isStuck({ status: m.status, stepSince: since }, now, stuckDays),
    leftMethod: leftTheMethod({ status: m.status, category: m.category, passedSteps: m.passedSteps ?? [] }),
  }
}

export function historyRow(h: HistoryEntry, full = true) {
  return {
    at: iso(h.at)!,
    step: h.step,
    action: h.action,
    actionLabel: ACTION_LABELS[h.action],
    byName: h.by?.name ?? '',
    meeting: h.meeting && { ...h.meeting, note: h.meeting.note && textFor(h.meeting.note, full) },
    note: h.note && textFor(h.note, full),
  }
}

export function windowRow(w: WindowDoc, now: Date) {
  return {
    id: w._id,
    step: w.step,
    meetingKind: w.meetingKind,
    meetingLabel: MEETING_KIND_LABELS[w.meetingKind],
    openedAt: iso(w.openedAt)!,
    closesAt: iso(w.closesAt)!,
    phase: windowPhase(
      {
        openedAt: new Date(w.openedAt),
        closesAt: new Date(w.closesAt),
        closedAt: w.closedAt ? new Date(w.closedAt) : null,
      },
      now,
    ),
    closed: Boolean(w.closed),
    shouldAttend: w.shouldAttend,
    rosterSize: w.voterIds?.length ?? 0,
    result: w.result ?? undefined,
  }
}

export function publicationRow(p: PublicationDoc) {
  return {
    id: p._id,
    matterId: p.matterId,
    step: p.step,
    stepLabel: STEP_LABELS[p.step],
    title: p.title,
    text: p.text,
    resultLines: p.resultLines,
    publishedAt: iso(p.publishedAt)!,
    publisherName: p.publisher.name,
  }
}
