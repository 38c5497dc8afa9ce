import { starsContract } from '../../../common/contracts/stars'
import { AppError } from '../../../common/errors'
import { beijingMonth } from '../../../common/rules/beijing-time'
import { METRIC_LABELS, type StarTemplate } from '../../../common/rules/stars-template'
import { getDocs } from '../../_lib/cloud'
import { C } from '../../_lib/collections'
import { FILES_COLLECTION } from '../../_lib/files'
import { COUNTY_ID, findById, newId, type TownshipDoc } from '../../_lib/records'
import type { HandlerContext, Handlers } from '../../_lib/runtime'
import { writeXlsx, type Format } from '../../_lib/xlsx'
import {
  BOARD_FIGURES,
  boardId,
  BOARDS,
  monthlyRanking,
  rowsOf,
  templateOf,
  yearOfMonth,
  type BoardDoc,
  type BoardFiguresDoc,
  type StarMonthDoc,
} from '../store'

type ExportRow = StarMonthDoc & { townshipRank?: number }

const METRICS = (Object.keys(METRIC_LABELS) as (keyof typeof METRIC_LABELS)[]).filter(
  (k) => k !== 'elapsedMonths' && k !== 'elapsedQuarters',
)

/** The month's workbook: the comparison, the year-so-far evidence per village, and a note. Dates in Beijing time. */
function workbook(
  template: StarTemplate,
  month: string,
  rows: ExportRow[],
  names: Map<string, string>,
  now: Date,
  township: boolean,
): Buffer {
  const ordered = [...rows].sort(
    (a, b) => (a.townshipRank ?? a.rank) - (b.townshipRank ?? b.rank) || a.rank - b.rank || a.order - b.order,
  )
  const refreshed = rows.reduce<Date | null>((a, r) => {
    const d = new Date(r.refreshedAt)
    return !a || d > a ? d : a
  }, null)
  const I: Format = 'integer'
  return writeXlsx([
    {
      name: '月达标排序',
      formats: [I, ...(township ? [I] : []), undefined, undefined, I, I, 'percent', I, I, I, I, I, I, I, I],
      rows: [
        [
          ...(township ? ['乡镇内名次', '全县名次'] : ['名次']),
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
          '上年星级',
          '连续两月靠后',
        ],
        ...ordered.map((r) => [
          ...(township ? [r.townshipRank, r.rank] : [r.rank]),
          names.get(r.townshipId) ?? '',
          r.name,
          r.tasksMet,
          r.taskCount,
          r.taskCount ? r.tasksMet / r.taskCount : 0,
          r.monthFigures?.requestsReceived ?? 0,
          r.monthFigures?.requestsClosed ?? 0,
          r.monthFigures?.requestsClosedInVillage ?? 0,
          r.meetingsHeld,
          r.monthFigures?.mattersCompleted ?? 0,
          r.level,
          r.confirmedLevel ?? '',
          r.lastYearLevel,
          r.behindTwoMonths ? '是' : '',
        ]),
      ],
    },
    {
      name: '取证汇总',
      formats: [undefined, undefined, ...METRICS.map((): Format => 'integer')],
      rows: [
        ['乡镇', '村（社区）', ...METRICS.map((k) => `${METRIC_LABELS[k]}（本年累计）`), '已得的星'],
        ...[...rows]
          .sort((a, b) => a.order - b.order)
          .map((r) => [
            names.get(r.townshipId) ?? '',
            r.name,
            ...METRICS.map((k) => r.figures?.[k] ?? 0),
            r.starsEarned.map((k) => template.stars.find((s) => s.key === k)?.name ?? k).join('、'),
          ]),
      ],
    },
    {
      name: '说明',
      formats: [undefined, 'datetime'],
      rows: [
        ['说明', ''],
        [template.label, ''],
        [`${month} 月达标排序只比结果（任务完成、诉求办结、会议召开、事项办结），不比登录、点击、打卡次数。`, ''],
        ['星级：0 为未达二星；县确认星级空着的，县里还没有确认。', ''],
        ['数据更新于（北京时间）', refreshed ?? '—'],
        ['导出于（北京时间）', now],
      ],
    },
  ])
}

/** Stores the workbook (cloud storage in the cloud; the local file store offline) and answers where to get it. */
async function deliver(ctx: HandlerContext, name: string, owner: string, buffer: Buffer) {
  const { db, now } = ctx
  const dataUrl = `data:application/vnd.openxmlformats-officedocument.spreadsheetml.sheet;base64,${buffer.toString('base64')}`
  if (process.env.TENCENTCLOUD_RUNENV === 'SCF') {
    type Storage = {
      uploadFile(a: { cloudPath: string; fileContent: Buffer }): Promise<{ fileID: string }>
      getTempFileURL(a: { fileList: string[] }): Promise<{ fileList: { tempFileURL: string }[] }>
    }
    const cloud = (await import('../../_lib/cloud')).cloud as unknown as Storage
    const { fileID } = await cloud.uploadFile({
      cloudPath: `exports/stars/${name.replace(/\.xlsx$/, '')}-${newId('x')}.xlsx`,
      fileContent: buffer,
    })
    const { fileList } = await cloud.getTempFileURL({ fileList: [fileID] })
    return { name, fileId: fileID, size: buffer.length, url: fileList[0]?.tempFileURL ?? '' }
  }
  // Offline: the local file store (a `files` document bounded to the county or township, not a village). The answer
  // carries the workbook itself; a copy is kept only when it fits a document (a 2,600-village county's does not).
  const fileId = newId('f')
  const keep = dataUrl.length < 400_000
  await db.collection(FILES_COLLECTION).add({
    data: {
      _id: fileId,
      villageId: owner,
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
}

const withFigures = (boards: BoardDoc[], figures: BoardFiguresDoc[]) => {
  const figuresOf = new Map(figures.map((f) => [f._id, f.villages]))
  return rowsOf(boards).map((r) => ({
    ...r,
    figures: figuresOf.get(boardId(r.townshipId, r.month))?.[r.villageId] ?? {},
  }))
}

/** The month's export (.xlsx): the whole county for the county, one township's villages for that township. */
export const exports: Pick<Handlers<typeof starsContract>, 'exportMonth' | 'exportTownship'> = {
  async exportMonth({ month }, ctx) {
    const { db, now } = ctx
    const m = month ?? beijingMonth(now)
    const [template, boards, figures, townships] = await Promise.all([
      templateOf(db, yearOfMonth(m)),
      getDocs<BoardDoc>(db.collection(BOARDS).where({ month: m }).limit(1000)),
      getDocs<BoardFiguresDoc>(db.collection(BOARD_FIGURES).where({ month: m }).limit(1000)),
      getDocs<TownshipDoc>(db.collection(C.townships).where({ countyId: COUNTY_ID }).field({ name: true }).limit(1000)),
    ])
    const names = new Map(townships.map((t) => [t._id, t.name]))
    const buffer = workbook(template, m, withFigures(boards, figures), names, now, false)
    return deliver(ctx, `五星支部-${m}-月达标排序.xlsx`, `county:${COUNTY_ID}`, buffer)
  },

  async exportTownship({ townshipId, month }, ctx) {
    const { db, now } = ctx
    const m = month ?? beijingMonth(now)
    const id = boardId(townshipId, m)
    const [township, template, board, figures] = await Promise.all([
      findById<TownshipDoc>(db, C.townships, townshipId),
      templateOf(db, yearOfMonth(m)),
      findById<BoardDoc>(db, BOARDS, id),
      findById<BoardFiguresDoc>(db, BOARD_FIGURES, id),
    ])
    if (!township) throw new AppError('NOT_FOUND', '没有这个乡镇（街道）')
    const rows = withFigures(board ? [board] : [], figures ? [figures] : [])
    const local = new Map(monthlyRanking(rows).map((o) => [o.villageId, o.rank]))
    const ranked = rows.map((r) => ({ ...r, townshipRank: local.get(r.villageId) ?? 0 }))
    const buffer = workbook(template, m, ranked, new Map([[townshipId, township.name]]), now, true)
    return deliver(ctx, `五星支部-${township.name}-${m}-月达标排序.xlsx`, `township:${townshipId}`, buffer)
  },
}
