import { starsContract } from '../../../common/contracts/stars'
import { AppError } from '../../../common/errors'
import { beijingMonth } from '../../../common/rules/beijing-time'
import { monthsSoFar } from '../../../common/rules/stars'
import { METRIC_LABELS, type Figures } from '../../../common/rules/stars-template'
import { getDocs } from '../../_lib/cloud'
import { C } from '../../_lib/collections'
import { FILES_COLLECTION } from '../../_lib/files'
import { COUNTY_ID, findById, iso, newId, type TownshipDoc } from '../../_lib/records'
import type { Handlers } from '../../_lib/runtime'
import { writeXlsx } from '../../_lib/xlsx'
import { refreshStep } from '../refresh'
import {
  ASSESSMENTS,
  BOARD_FIGURES,
  boardId,
  BOARDS,
  monthlyRanking,
  rowsOf,
  SUMMARIES,
  templateOf,
  yearOfMonth,
  type AssessmentDoc,
  type BoardDoc,
  type BoardFiguresDoc,
  type SummaryDoc,
} from '../store'
import { dashboardOf } from '../views'

/** The boards the refresh writes, the county and township dashboards read from them, and the month's export. */
export const dashboards: Pick<
  Handlers<typeof starsContract>,
  'refresh' | 'countyDashboard' | 'townshipDashboard' | 'exportMonth'
> = {
  async refresh({ month, restart }, { db, now }) {
    return refreshStep(db, month ?? beijingMonth(now), now, { restart })
  },

  async countyDashboard({ month }, { db, now }) {
    const m = month ?? beijingMonth(now)
    const year = yearOfMonth(m)
    const [template, rows, trend, townships] = await Promise.all([
      templateOf(db, year),
      getDocs<BoardDoc>(db.collection(BOARDS).where({ month: m }).limit(1000)).then(rowsOf),
      getDocs<SummaryDoc>(db.collection(SUMMARIES).where({ year }).orderBy('month', 'asc').limit(12)),
      getDocs<TownshipDoc>(db.collection(C.townships).where({ countyId: COUNTY_ID }).field({ name: true }).limit(1000)),
    ])
    return dashboardOf(template, m, rows, trend, new Map(townships.map((t) => [t._id, t.name])))
  },

  async townshipDashboard({ townshipId, month }, { db, now }) {
    const m = month ?? beijingMonth(now)
    const year = yearOfMonth(m)
    const [township, template, rows, pending] = await Promise.all([
      findById<TownshipDoc>(db, C.townships, townshipId),
      templateOf(db, year),
      getDocs<BoardDoc>(db.collection(BOARDS).where({ townshipId, year }).limit(100)).then(rowsOf),
      getDocs<AssessmentDoc>(
        db.collection(ASSESSMENTS).where({ townshipId, status: 'submitted' }).orderBy('submittedAt', 'asc').limit(200),
      ),
    ])
    if (!township) throw new AppError('NOT_FOUND', '没有这个乡镇（街道）')
    const thisMonth = rows.filter((r) => r.month === m)
    const trend = monthsSoFar(m)
      .map((mm) => {
        const rs = rows.filter((r) => r.month === mm)
        const s = (k: keyof Figures) => rs.reduce((n, r) => n + (r.monthFigures?.[k] ?? 0), 0)
        return {
          _id: mm,
          year,
          month: mm,
          villages: rs.length,
          completion: rs.length ? rs.reduce((n, r) => n + r.tasksMet / Math.max(1, r.taskCount), 0) / rs.length : 0,
          requestsClosed: s('requestsClosed'),
          requestsClosedInVillage: s('requestsClosedInVillage'),
          requestsEscalated: s('requestsEscalated'),
          refreshedAt: now,
        }
      })
      .filter((t) => t.villages > 0)
    // The township's own order of its villages, ranked among themselves.
    const ordered = monthlyRanking(thisMonth)
    const rank = new Map(ordered.map((o) => [o.villageId, o.rank]))
    const local = thisMonth.map((r) => ({ ...r, rank: rank.get(r.villageId) ?? 0 }))
    return {
      ...dashboardOf(template, m, local, trend, new Map([[townshipId, township.name]])),
      townshipName: township.name,
      pending: pending.map((p) => ({
        villageId: p.villageId,
        villageName: p.villageName,
        period: p.period,
        tasksMet: p.tasksMet,
        level: p.level,
        note: p.note,
      })),
    }
  },

  async exportMonth({ month }, ctx) {
    const { db, now } = ctx
    const m = month ?? beijingMonth(now)
    const year = yearOfMonth(m)
    const [template, rows, townships] = await Promise.all([
      templateOf(db, year),
      Promise.all([
        getDocs<BoardDoc>(db.collection(BOARDS).where({ month: m }).limit(1000)),
        getDocs<BoardFiguresDoc>(db.collection(BOARD_FIGURES).where({ month: m }).limit(1000)),
      ]).then(([boards, ytd]) => {
        const figuresOf = new Map(ytd.map((f) => [f._id, f.villages]))
        return rowsOf(boards).map((r) => ({
          ...r,
          figures: figuresOf.get(boardId(r.townshipId, m))?.[r.villageId] ?? {},
        }))
      }),
      getDocs<TownshipDoc>(db.collection(C.townships).where({ countyId: COUNTY_ID }).field({ name: true }).limit(1000)),
    ])
    const names = new Map(townships.map((t) => [t._id, t.name]))
    const ordered = [...rows].sort((a, b) => a.rank - b.rank || a.order - b.order)
    const metrics = Object.keys(METRIC_LABELS).filter(
      (k) => k !== 'elapsedMonths' && k !== 'elapsedQuarters',
    ) as (keyof typeof METRIC_LABELS)[]
    const buffer = writeXlsx([
      {
        name: '月达标排序',
        rows: [
          [
            '名次',
            '乡镇',
            '村（社区）',
            '任务完成',
            '任务总数',
            '完成率',
            '本月受理诉求',
            '本月办结诉求',
            '在村办结',
            '本月会议',
            '四议两公开办结',
            '测算星级',
            '县确认星级',
            '连续两月靠后',
          ],
          ...ordered.map((r) => [
            r.rank,
            names.get(r.townshipId) ?? '',
            r.name,
            r.tasksMet,
            r.taskCount,
            Math.round((r.tasksMet / Math.max(1, r.taskCount)) * 1000) / 10,
            r.monthFigures?.requestsReceived ?? 0,
            r.monthFigures?.requestsClosed ?? 0,
            r.monthFigures?.requestsClosedInVillage ?? 0,
            r.meetingsHeld,
            r.monthFigures?.mattersCompleted ?? 0,
            r.level,
            r.confirmedLevel ?? '',
            r.behindTwoMonths ? '是' : '',
          ]),
        ],
      },
      {
        name: '取证汇总',
        rows: [
          ['乡镇', '村（社区）', ...metrics.map((k) => `${METRIC_LABELS[k]}（本年累计）`), '已得的星'],
          ...[...rows]
            .sort((a, b) => a.order - b.order)
            .map((r) => [
              names.get(r.townshipId) ?? '',
              r.name,
              ...metrics.map((k) => r.figures?.[k] ?? 0),
              r.starsEarned.map((k) => template.stars.find((s) => s.key === k)?.name ?? k).join('、'),
            ]),
        ],
      },
      {
        name: '说明',
        rows: [
          ['说明'],
          [template.label],
          [`${m} 月达标排序只比结果（任务完成、诉求办结、会议召开、事项办结），不比登录、点击、打卡次数。`],
          [`数据更新于 ${iso(rows[0]?.refreshedAt) ?? '—'}`],
        ],
      },
    ])
    const name = `五星支部-${m}-月达标排序.xlsx`
    const dataUrl = `data:application/vnd.openxmlformats-officedocument.spreadsheetml.sheet;base64,${buffer.toString('base64')}`
    if (process.env.TENCENTCLOUD_RUNENV === 'SCF') {
      type Storage = {
        uploadFile(a: { cloudPath: string; fileContent: Buffer }): Promise<{ fileID: string }>
        getTempFileURL(a: { fileList: string[] }): Promise<{ fileList: { tempFileURL: string }[] }>
      }
      const cloud = (await import('../../_lib/cloud')).cloud as unknown as Storage
      const { fileID } = await cloud.uploadFile({
        cloudPath: `exports/stars/${m}-${newId('x')}.xlsx`,
        fileContent: buffer,
      })
      const { fileList } = await cloud.getTempFileURL({ fileList: [fileID] })
      return { name, fileId: fileID, size: buffer.length, url: fileList[0]?.tempFileURL ?? '' }
    }
    // Offline: the local file store (a `files` document; bounded to the county, not a village). The answer carries
    // the workbook itself; a copy is kept only when it fits a document (a 2,600-village county's does not).
    const fileId = newId('f')
    const keep = dataUrl.length < 400_000
    await db.collection(FILES_COLLECTION).add({
      data: {
        _id: fileId,
        villageId: `county:${COUNTY_ID}`,
        name,
        contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        size: buffer.length,
        createdAt: now,
        createdBy: ctx.identity.openid,
        dataUrl: keep ? dataUrl : null,
        cloudFileId: null,
      },
    })
    return { name, fileId, size: buffer.length, url: dataUrl }
  },
}
