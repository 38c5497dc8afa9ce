import { COUNCIL_FILERS, councilContract } from '../../../common/contracts/council'
import { AppError } from '../../../common/errors'
import { type Role } from '../../../common/roles'
import { beijingDate } from '../../../common/rules/beijing-time'
import {
  isBeijingDate,
  MIN_EVENTS_FOR_PUBLIC_MONEY,
  publicBoard,
  validateStandard,
  type StandardValues,
} from '../../../common/rules/council-standards'
import { getDocs } from '../../_lib/cloud'
import { C } from '../../_lib/collections'
import { getVillage, type GridDoc, type PersonDoc } from '../../_lib/records'
import type { Handlers } from '../../_lib/runtime'
import { inTransaction, txGet, withoutId } from '../../_lib/transaction'
import {
  callerOf,
  canReview,
  COUNCILS,
  fieldErrors,
  fileScope,
  inForce,
  loadCouncil,
  STANDARDS,
  STATS,
  villageStandards,
  yearOf,
  type CouncilDoc,
  type CouncilStatsDoc as StatsDoc,
} from '../store'

/** The village's council, its public board, and its versioned standards. */
export const council: Pick<Handlers<typeof councilContract>, 'board' | 'getCouncil' | 'saveCouncil' | 'addStandard'> = {
  async board({ villageId, year }, { db, now }) {
    const village = await getVillage(db, villageId)
    const today = beijingDate(now)
    const y = year ?? yearOf(today)
    const [standards, months] = await Promise.all([
      villageStandards(db, village),
      getDocs<StatsDoc>(db.collection(STATS).where({ villageId, year: y }).limit(12)),
    ])
    const board = publicBoard(months)
    return {
      villageName: village.name,
      year: y,
      standard: inForce(standards, today),
      ...board,
      savingsNote: board.moneyWithheld
        ? `办结的事少于 ${MIN_EVENTS_FOR_PUBLIC_MONEY} 件，为不让人推算出某一户的花费，暂不公布金额`
        : '节约金额是估算：按村里移风易俗前的平均花费（或家庭自述）减去实际花费，不是实测数',
    }
  },

  async getCouncil({ villageId }, ctx) {
    const { db, now } = ctx
    const village = await getVillage(db, villageId)
    const [council, standards] = await Promise.all([loadCouncil(db, villageId), villageStandards(db, village)])
    const today = beijingDate(now)
    const caller = callerOf(ctx, villageId)
    const scope = fileScope(caller, council)
    const canFile =
      !caller.supervisor &&
      scope !== 'none' &&
      caller.roles.some((r) => (COUNCIL_FILERS as readonly Role[]).includes(r))
    return {
      villageName: village.name,
      today,
      council: council
        ? {
            chair: council.chair,
            members: council.members,
            liaison: council.liaison,
            termStart: council.termStart,
            termEnd: council.termEnd,
          }
        : null,
      standards: [...standards.versions, standards.fallback],
      current: inForce(standards, today).version,
      me: {
        canFile,
        canReview: canReview(caller, council),
        canManage:
          caller.supervisor || caller.roles.includes('branch_secretary') || caller.roles.includes('first_secretary'),
        fileScope: canFile ? scope : ('none' as const),
      },
    }
  },

  async saveCouncil({ villageId, chairPersonId, members, liaisonPersonId, termStart, termEnd }, { db, now, touch }) {
    const village = await getVillage(db, villageId)
    if (!isBeijingDate(termStart) || !isBeijingDate(termEnd)) throw new AppError('INVALID_ARGUMENT', '任期日期不正确')
    if (termEnd < termStart) throw new AppError('INVALID_ARGUMENT', '任期结束不能早于开始')
    const ids = [
      ...new Set(
        [chairPersonId, liaisonPersonId, ...members.map((m) => m.personId)].filter((x): x is string => Boolean(x)),
      ),
    ]
    const people = await getDocs<PersonDoc>(
      db
        .collection(C.people)
        .where({ _id: db.command.in(ids), villageId })
        .field({ name: true })
        .limit(100),
    )
    const nameOf = (id: string) => {
      const p = people.find((x) => x._id === id)
      if (!p) throw new AppError('NOT_FOUND', '本村花名册中没有所选的人')
      return { personId: id, name: p.name }
    }
    const gridIds = [...new Set(members.flatMap((m) => m.gridIds))]
    if (gridIds.length) {
      const grids = await getDocs<GridDoc>(
        db
          .collection(C.grids)
          .where({ _id: db.command.in(gridIds), villageId })
          .field({ _id: true })
          .limit(100),
      )
      if (grids.length !== gridIds.length) throw new AppError('NOT_FOUND', '本村没有所选的网格')
    }
    const doc = {
      villageId,
      townshipId: village.townshipId,
      chair: nameOf(chairPersonId),
      members: members.map((m) => ({ ...nameOf(m.personId), gridIds: m.gridIds, groups: m.groups })),
      liaison: liaisonPersonId ? nameOf(liaisonPersonId) : null,
      termStart,
      termEnd,
      updatedAt: now,
    }
    await inTransaction(db, async (tx) => {
      const existing = await txGet<CouncilDoc>(tx, COUNCILS, villageId)
      await tx
        .collection(COUNCILS)
        .doc(villageId)
        .set({ data: { ...doc, standardsCount: existing?.standardsCount ?? 0 } })
    })
    touch({ collection: COUNCILS, id: villageId })
    return { saved: true }
  },

  async addStandard({ villageId, effectiveFrom, wedding, funeral, rules, baseline }, ctx) {
    const { db, now, touch } = ctx
    const village = await getVillage(db, villageId)
    const values: StandardValues = {
      wedding,
      funeral,
      rules: rules.trim(),
      baseline: { ...baseline, source: baseline.source.trim() },
    }
    const errors = validateStandard(values, effectiveFrom, beijingDate(now))
    if (errors.length) {
      if (errors[0]!.path === 'effectiveFrom' && isBeijingDate(effectiveFrom))
        throw new AppError('FAILED_PRECONDITION', errors[0]!.message, errors)
      fieldErrors(errors)
    }
    const caller = callerOf(ctx, villageId)
    const version = await inTransaction(db, async (tx) => {
      const council = await txGet<CouncilDoc>(tx, COUNCILS, villageId)
      const next = (council?.standardsCount ?? 0) + 1
      const base = council
        ? withoutId(council)
        : {
            villageId,
            townshipId: village.townshipId,
            chair: null,
            members: [],
            liaison: null,
            termStart: '',
            termEnd: '',
          }
      await tx
        .collection(COUNCILS)
        .doc(villageId)
        .set({ data: { ...base, standardsCount: next, updatedAt: now } })
      await tx.collection(STANDARDS).add({
        data: {
          _id: `${villageId}-s${next}`,
          villageId,
          townshipId: village.townshipId,
          version: next,
          effectiveFrom,
          ...values,
          createdAt: now,
          createdBy: caller.name,
        },
      })
      return next
    })
    touch({ collection: STANDARDS, id: `${villageId}-s${version}` })
    return { version, effectiveFrom }
  },
}
