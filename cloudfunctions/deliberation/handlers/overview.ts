/** Supervision: the township's matters (attention first) and counts, the county's totals, and a matter's audit trail. */
import { AppError } from '../../../common/errors'
import { attentionRank } from '../../../common/rules/deliberation-conduct'
import {
  RECENT_DAYS,
  STAGE_KEYS,
  stageLabel,
  townshipCounts,
  type CountsDoc,
} from '../../../common/rules/deliberation-counts'
import { CATEGORIES, CATEGORY_KEYS, type MatterStatus } from '../../../common/rules/deliberation'
import { C } from '../../_lib/collections'
import { countySettings, villageSettings } from '../../_lib/settings'
import { getDocs } from '../../_lib/cloud'
import { findById, getAll, iso, type TownshipDoc, type VillageDoc } from '../../_lib/records'
import {
  COUNTS,
  loadMatter,
  MATTERS,
  VOTES,
  WINDOWS,
  type DeliberationHandlers,
  type MatterDoc,
  type VoteDoc,
  type WindowDoc,
} from '../store'
import { ACTION_LABELS, summaryOf } from '../views'

const OPEN_STATUSES: MatterStatus[] = ['working', 'voting', 'returned']
const CLOSED_STATUSES: MatterStatus[] = ['completed', 'rejected', 'withdrawn']

export const overviewHandlers: DeliberationHandlers<'townshipOverview' | 'countyOverview' | 'matterAudit'> = {
  async townshipOverview({ townshipId, onlyAttention, offset, limit }, { db, now }) {
    const township = await findById<TownshipDoc>(db, C.townships, townshipId)
    if (!township) throw new AppError('NOT_FOUND', '没有这个乡镇（街道）')
    // Bounded by live work, not by years of history: the figures come from the per-village counters; the list holds
    // the open matters and those closed in the last RECENT_DAYS (index {townshipId, status, stepSince}).
    const _ = db.command
    const fields = { history: false, content: false, attachments: false }
    const since = new Date(now.getTime() - RECENT_DAYS * 86400_000)
    const [settings, villages, counters, open, closed] = await Promise.all([
      countySettings(db),
      getAll<Pick<VillageDoc, '_id' | 'name'>>(
        db.collection(C.villages).where({ townshipId }).field({ name: true }).orderBy('order', 'asc'),
        2000,
      ),
      getAll<CountsDoc>(db.collection(COUNTS).where({ townshipId }), 2000),
      getAll<MatterDoc>(
        db
          .collection(MATTERS)
          .where({ townshipId, status: _.in(OPEN_STATUSES) })
          .field(fields)
          .orderBy('stepSince', 'asc'),
        10000,
      ),
      getAll<MatterDoc>(
        db
          .collection(MATTERS)
          .where({ townshipId, status: _.in(CLOSED_STATUSES), stepSince: _.gte(since) })
          .field(fields)
          .orderBy('stepSince', 'asc'),
        10000,
      ),
    ])
    const names = new Map(villages.map((v) => [v._id, v.name]))
    const rows = [...open, ...closed].map((m) =>
      summaryOf(m, now, settings.deliberationStuckDays, names.get(m.villageId)),
    )
    const counts = { ...townshipCounts(counters), stuck: rows.filter((r) => r.stuck).length }
    // Attention first: matters that left the method, then stuck ones (oldest first), then the rest.
    const sorted = rows
      .filter((r) => !onlyAttention || r.leftMethod || r.stuck)
      .sort((a, b) => attentionRank(a) - attentionRank(b) || b.ageDays - a.ageDays)
    return {
      matters: sorted.slice(offset, offset + limit),
      counts,
      stuckDays: settings.deliberationStuckDays,
      nextOffset: offset + limit < sorted.length ? offset + limit : undefined,
    }
  },

  async countyOverview(_input, { db }) {
    // Per-village counters maintained on every transition (deliberation_counts), summed in one aggregation:
    // O(villages), not every matter ever proposed.
    const $ = db.command.aggregate
    const group: Record<string, unknown> = { _id: null }
    for (const c of CATEGORY_KEYS) group[`category__${c}`] = $.sum(`$category.${c}`)
    for (const k of STAGE_KEYS) group[`stage__${k}`] = $.sum(`$stage.${k}`)
    const totals =
      ((await db.collection(COUNTS).aggregate().group(group).end()) as { list: Record<string, number>[] }).list[0] ?? {}
    const sums = {
      category: Object.fromEntries(CATEGORY_KEYS.map((c) => [c, totals[`category__${c}`] ?? 0])) as Record<
        string,
        number
      >,
      stage: Object.fromEntries(STAGE_KEYS.map((k) => [k, totals[`stage__${k}`] ?? 0])) as Record<string, number>,
    }
    return {
      byCategory: CATEGORY_KEYS.map((c) => ({ category: c, label: CATEGORIES[c].label, count: sums.category[c] ?? 0 })),
      byStage: STAGE_KEYS.filter((k) => (sums.stage[k] ?? 0) > 0).map((k) => ({
        key: k,
        label: stageLabel(k),
        count: sums.stage[k]!,
      })),
      total: Object.values(sums.category).reduce((n, c) => n + c, 0),
    }
  },

  async matterAudit({ villageId, matterId, offset, limit }, ctx) {
    const { db } = ctx
    const [m, { settings }] = await Promise.all([loadMatter(db, villageId, matterId), villageSettings(db, villageId)])
    const secret = settings.deliberationSecretBallot === 1
    const [windows, votes] = await Promise.all([
      getDocs<WindowDoc>(
        db.collection(WINDOWS).where({ matterId, villageId }).field({ voters: true, step: true }).limit(20),
      ),
      getDocs<VoteDoc>(
        db
          .collection(VOTES)
          .where({ matterId, villageId })
          .orderBy('at', 'asc')
          .skip(offset)
          .limit(limit + 1),
      ),
    ])
    const names = new Map(windows.flatMap((w) => w.voters.map((v) => [v.personId, v.name] as const)))
    const pageVotes = votes.slice(0, limit)
    ctx.touch(...pageVotes.map((v) => ({ collection: VOTES, id: v._id, personId: v.personId })))
    return {
      transitions: (m.history ?? []).map((h) => ({
        at: iso(h.at)!,
        step: h.step,
        actionLabel: ACTION_LABELS[h.action],
        byName: h.by?.name ?? '',
        note: h.note,
      })),
      votes: pageVotes.map((v) => ({
        at: iso(v.at)!,
        step: v.step,
        personName: names.get(v.personId) ?? '',
        channel: v.channel,
        choice: secret ? undefined : v.choice,
        recordedByName: v.recordedBy?.name,
      })),
      secret,
      nextOffset: votes.length > limit ? offset + limit : undefined,
    }
  },
}
