import { councilContract } from '../../../common/contracts/council'
import { AppError } from '../../../common/errors'
import { beijingDate } from '../../../common/rules/beijing-time'
import { deathDateErrors, eventDateErrors, outsideFilingWindow } from '../../../common/rules/council-dates'
import {
  checkFigures,
  comparePlanned,
  deathInstant,
  describeOver,
  reportedOnTime,
  validateFigures,
} from '../../../common/rules/council-standards'
import { getDocs } from '../../_lib/cloud'
import { C } from '../../_lib/collections'
import { getInVillage, getVillage, iso, newId, type HouseholdDoc } from '../../_lib/records'
import { refuseRetired } from '../../_lib/open-village'
import type { Handlers } from '../../_lib/runtime'
import { inTransaction } from '../../_lib/transaction'
import { filingNotice, notify } from '../notices'
import {
  callerOf,
  fieldErrors,
  fileScope,
  FILINGS,
  inForce,
  ledGridIds,
  loadCouncil,
  ownHouseholdId,
  revive,
  startScope,
  villageStandards,
  writeWithStats,
  yearOf,
  type FilingDoc,
} from '../store'
import { row } from '../views'

/** Filing a wedding, funeral or other event against the standard in force on its date, and reading filings. */
export const filings: Pick<Handlers<typeof councilContract>, 'households' | 'file' | 'listFilings' | 'getFiling'> = {
  async households({ villageId, query }, ctx) {
    const { db } = ctx
    const reach = startScope(ctx, villageId)
    const _ = db.command
    const q = query?.trim()
    const matching = q
      ? /^\d+$/.test(q)
        ? { number: db.RegExp({ regexp: `^${q}` }) }
        : { headName: db.RegExp({ regexp: q.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') }) }
      : {}
    const listOf = (where: Record<string, unknown>) =>
      getDocs<HouseholdDoc>(
        db
          .collection(C.households)
          .where({ ...where, ...matching })
          .orderBy('number', 'asc')
          .limit(30),
      )
    // Started with the scope's reads, used only if the caller reaches the whole village.
    const whole = reach.mayBeAll ? listOf({ villageId }) : undefined
    whole?.catch(() => undefined)
    const scope = await reach.scope
    let list: HouseholdDoc[]
    if (scope === 'all') list = await whole!
    else if (scope === 'grids') list = await listOf({ villageId, gridId: _.in(await reach.grids) })
    else if (scope === 'household') {
      const own = await reach.own
      if (!own) return { households: [] }
      list = await listOf({ villageId, _id: own })
    } else return { households: [] }
    ctx.touch(...list.map((h) => ({ collection: C.households, id: h._id })))
    return {
      households: list.map((h) => ({
        id: h._id,
        number: h.number,
        headName: h.headName,
        gridId: h.gridId ?? undefined,
      })),
    }
  },

  async file(input, ctx) {
    const { db, now, touch } = ctx
    const { villageId, householdId, kind, eventDate, venue, planned, reasons, description } = input
    const village = await getVillage(db, villageId)
    refuseRetired(village, '报备红白事')
    const household = await getInVillage<HouseholdDoc>(db, C.households, villageId, householdId, '户')
    const council = await loadCouncil(db, villageId)
    const caller = callerOf(ctx, villageId)
    const scope = fileScope(caller, council)
    const allowed =
      scope === 'all' ||
      (scope === 'grids' &&
        Boolean(household.gridId) &&
        (await ledGridIds(db, villageId, caller.personId)).includes(household.gridId!)) ||
      (scope === 'household' && (await ownHouseholdId(db, villageId, caller.personId)) === householdId)
    // A household out of reach answers like one of another village.
    if (!allowed)
      throw new AppError(
        'NOT_FOUND',
        scope === 'grids' ? '本网格没有这一户：网格长只能为本网格的户报备' : '只能为本户报备：没有找到这一户',
      )

    const today = beijingDate(now)
    const errors = [
      ...eventDateErrors(eventDate),
      ...validateFigures(kind, planned),
      ...deathDateErrors(kind, eventDate, input.deathDate, today),
    ]
    if (errors.length) fieldErrors(errors)
    const outside = outsideFilingWindow(eventDate, now)
    if (outside) throw new AppError('FAILED_PRECONDITION', outside)

    const standard = inForce(await villageStandards(db, village), eventDate)
    const check = checkFigures(kind, venue, planned, standard, reasons)
    if (check.missingReasons.length) {
      const missing = check.items.filter((i) => check.missingReasons.includes(i.key))
      throw new AppError(
        'INVALID_ARGUMENT',
        `${describeOver(missing[0]!)}，请写明理由`,
        missing.map((i) => ({ path: `reasons.${i.key}`, message: `${describeOver(i)}，请写明理由` })),
      )
    }
    let funeral: FilingDoc['funeral'] = null
    if (kind === 'funeral') {
      const deathAt = deathInstant(input.deathDate!, input.deathTime)
      const onTime = reportedOnTime(deathAt, now, standard.funeral.reportDeadlineHours)
      funeral = {
        deathDate: input.deathDate!,
        ...(input.deathTime ? { deathTime: input.deathTime } : {}),
        deathAt,
        filedOnTime: onTime,
        deadlineHours: standard.funeral.reportDeadlineHours,
        townshipRequired: standard.funeral.reportToTownship,
        townshipReportedAt: null,
        townshipOnTime: false,
      }
    }
    const keptReasons = Object.fromEntries(check.overKeys.map((k) => [k, reasons[k]!.trim()]))
    const filing: FilingDoc = {
      _id: newId('cf'),
      villageId,
      townshipId: village.townshipId,
      kind,
      householdId,
      householdLabel: `${household.number}号 ${household.headName}`,
      gridId: household.gridId ?? null,
      eventDate,
      month: eventDate.slice(0, 7),
      year: yearOf(eventDate),
      venue,
      planned,
      reasons: keptReasons,
      description,
      check,
      compliance: check.compliance,
      standard,
      status: 'filed',
      filedAt: now,
      filedBy: { personId: caller.personId, name: caller.name, openid: ctx.identity.openid },
      filedLate: funeral ? !funeral.filedOnTime : eventDate < today,
      funeral,
      review: null,
      actual: null,
      actualCheck: null,
      savings: null,
      updatedAt: now,
    }
    await inTransaction(db, (tx) => writeWithStats(tx, null, filing, now))
    touch({ collection: FILINGS, id: filing._id }, { collection: C.households, id: householdId })

    // The council members covering the household's grid (else the chair) hear of it at once.
    const covering =
      council?.members.filter((m) => household.gridId && m.gridIds.includes(household.gridId)).map((m) => m.personId) ??
      []
    const recipients = covering.length ? covering : council?.chair ? [council.chair.personId] : []
    await notify(
      db,
      now,
      village,
      recipients.filter((p) => p !== caller.personId),
      filingNotice(filing, check.overKeys.length),
    )
    return {
      filingId: filing._id,
      check,
      standard: { version: standard.version, effectiveFrom: standard.effectiveFrom },
    }
  },

  async listFilings({ villageId, status, kind, month, offset, limit }, ctx) {
    const { db } = ctx
    const reach = startScope(ctx, villageId)
    const _ = db.command
    const listOf = (where: Record<string, unknown>) =>
      getDocs<FilingDoc>(
        db
          .collection(FILINGS)
          .where({
            villageId,
            ...where,
            ...(status ? { status } : {}),
            ...(kind ? { kind } : {}),
            ...(month ? { month } : {}),
          })
          .orderBy('filedAt', 'desc')
          .skip(offset)
          .limit(limit + 1),
      )
    // Started with the scope's reads, used only if the caller reaches the whole village.
    const whole = reach.mayBeAll ? listOf({}) : undefined
    whole?.catch(() => undefined)
    const scope = await reach.scope
    let list: FilingDoc[]
    if (scope === 'all') list = await whole!
    // A grid leader sees the grids they lead, and their own household.
    else if (scope === 'grids') list = await listOf({ gridId: _.in(await reach.grids) })
    else if (scope === 'household') {
      const own = await reach.own
      if (!own) return { filings: [] }
      list = await listOf({ householdId: own })
    } else return { filings: [] }
    const shown = list.slice(0, limit)
    ctx.touch(...shown.map((f) => ({ collection: FILINGS, id: f._id })))
    return { filings: shown.map((f) => row(revive(f))), ...(list.length > limit ? { nextOffset: offset + limit } : {}) }
  },

  async getFiling({ villageId, filingId }, ctx) {
    const { db } = ctx
    // The filing and what the caller reaches are read together; the filing is answered only if they reach it.
    const reach = startScope(ctx, villageId)
    const [doc, scope] = await Promise.all([
      getInVillage<FilingDoc>(db, FILINGS, villageId, filingId, '报备'),
      reach.scope,
    ])
    const f = revive(doc)
    const visible =
      scope === 'all' ||
      (scope === 'grids' && Boolean(f.gridId) && (await reach.grids).includes(f.gridId!)) ||
      (scope === 'household' && (await reach.own) === f.householdId)
    // Someone else's filing answers as if it did not exist.
    if (!visible) throw new AppError('NOT_FOUND', '本村没有这件报备')
    ctx.touch({ collection: FILINGS, id: f._id })
    return {
      ...row(f),
      venue: f.venue,
      description: f.description,
      planned: f.planned,
      reasons: f.reasons,
      check: f.check,
      standard: { version: f.standard.version, effectiveFrom: f.standard.effectiveFrom },
      funeral: f.funeral
        ? {
            deathDate: f.funeral.deathDate,
            deathTime: f.funeral.deathTime,
            filedOnTime: f.funeral.filedOnTime,
            deadlineHours: f.funeral.deadlineHours,
            townshipRequired: f.funeral.townshipRequired,
            townshipReportedAt: iso(f.funeral.townshipReportedAt),
            townshipOnTime: f.funeral.townshipOnTime,
          }
        : undefined,
      review: f.review
        ? { decision: f.review.decision, advice: f.review.advice, byName: f.review.byName, at: iso(f.review.at)! }
        : undefined,
      actual: f.actual ?? undefined,
      actualCheck: f.actualCheck ?? undefined,
      comparison: f.actual ? comparePlanned(f.kind, f.planned, f.actual) : undefined,
      confirmedBy: f.confirmedBy,
      savings: f.actual ? (f.savings ?? null) : undefined,
    }
  },
}
