import { councilContract } from '../../../common/contracts/council'
import { AppError } from '../../../common/errors'
import { beijingDate } from '../../../common/rules/beijing-time'
import {
  checkFigures,
  estimateSavings,
  FILING_STATUS_LABELS,
  reportedOnTime,
  validateFigures,
  type FilingStatus,
} from '../../../common/rules/council-standards'
import type { z } from 'zod'
import { withEarly, type Handlers } from '../../_lib/runtime'
import { notify, reviewNotice } from '../notices'
import {
  changeFiling,
  fieldErrors,
  filingForReviewer,
  FILINGS,
  reviewerOf,
  reviewerReads,
  txChangeFiling,
} from '../store'

type ReviewInput = z.output<(typeof councilContract)['actions']['review']['input']>
type RecordActualInput = z.output<(typeof councilContract)['actions']['recordActual']['input']>

/** What the council does with a filing: review, the actual figures after the event, the report to the township. */
export const review: Pick<Handlers<typeof councilContract>, 'review' | 'recordActual' | 'reportToTownship'> = {
  // The binding read ‖ the transaction's start ‖ the filing, the council → the filing and the month's counters read
  // inside the transaction (a transition of the filing; the counters are added to what is there) → the writes, the
  // idempotency record, the audit entry → the commit → the filer's notice.
  review: withEarly(reviewerReads, async ({ villageId, filingId, decision, advice }: ReviewInput, ctx, early) => {
    const { db, now, touch } = ctx
    const { filing, caller } = reviewerOf(ctx, villageId, await early)
    if (filing.status === 'completed' || filing.status === 'withdrawn')
      throw new AppError('FAILED_PRECONDITION', `这件报备${FILING_STATUS_LABELS[filing.status]}，不能再审核`)
    if (decision !== 'approve' && !advice.trim())
      throw new AppError('INVALID_ARGUMENT', decision === 'advise' ? '请写明修改建议' : '请写明不同意见', [
        { path: 'advice', message: '请填写' },
      ])
    const status: FilingStatus = decision === 'approve' ? 'approved' : decision === 'advise' ? 'advised' : 'disagreed'
    touch({ collection: FILINGS, id: filingId })
    const updated = await ctx.commit((tx) =>
      txChangeFiling(tx, villageId, filingId, now, (f) => {
        if (f.status === 'completed' || f.status === 'withdrawn')
          throw new AppError('FAILED_PRECONDITION', '这件报备已办结，不能再审核')
        return {
          ...f,
          status,
          review: { decision, advice: advice.trim(), byName: caller.name, byPersonId: caller.personId, at: now },
          updatedAt: now,
        }
      }),
    )
    if (filing.filedBy.personId && filing.filedBy.personId !== caller.personId) {
      await notify(
        db,
        now,
        { _id: villageId, townshipId: updated.townshipId },
        [filing.filedBy.personId],
        reviewNotice(filing, status, advice),
      )
    }
    return { status: updated.status }
  }),

  // As review, without the notice.
  recordActual: withEarly(
    reviewerReads,
    async ({ villageId, filingId, actual, reasons, confirmedBy, familyBaselineFen }: RecordActualInput, ctx, early) => {
      const { now, touch } = ctx
      const { filing } = reviewerOf(ctx, villageId, await early)
      const errors = validateFigures(filing.kind, actual, 'actual')
      if (errors.length) fieldErrors(errors)
      if (filing.eventDate > beijingDate(now))
        throw new AppError('FAILED_PRECONDITION', `办事日期（${filing.eventDate}）之后才能登记实际数字`)
      touch({ collection: FILINGS, id: filingId })
      const updated = await ctx.commit((tx) =>
        txChangeFiling(tx, villageId, filingId, now, (f) => {
          if (f.status === 'completed') throw new AppError('FAILED_PRECONDITION', '实际数字已经登记过了')
          if (f.status === 'withdrawn') throw new AppError('FAILED_PRECONDITION', '这件报备已撤回')
          // A reason given when filing still explains the same figure afterwards.
          const actualReasons = {
            ...f.reasons,
            ...Object.fromEntries(Object.entries(reasons).filter(([, v]) => v && v.trim())),
          }
          const actualCheck = checkFigures(f.kind, f.venue, actual, f.standard, actualReasons)
          const savings = estimateSavings(f.kind, actual, f.standard.baseline, familyBaselineFen ?? null)
          return {
            ...f,
            status: 'completed',
            actual,
            actualReasons,
            actualCheck,
            compliance: actualCheck.compliance,
            confirmedBy: confirmedBy.trim(),
            savings,
            updatedAt: now,
          }
        }),
      )
      return { status: updated.status, actualCheck: updated.actualCheck!, savings: updated.savings ?? null }
    },
  ),

  async reportToTownship({ villageId, filingId }, ctx) {
    const { db, now, touch } = ctx
    const { filing } = await filingForReviewer(ctx, villageId, filingId)
    if (filing.kind !== 'funeral' || !filing.funeral)
      throw new AppError('FAILED_PRECONDITION', '只有丧事需要报乡镇民政所')
    if (!filing.funeral.townshipRequired) throw new AppError('FAILED_PRECONDITION', '本村标准不要求丧事报乡镇民政所')
    const updated = await changeFiling(db, villageId, filingId, now, (f) => {
      if (!f.funeral || f.funeral.townshipReportedAt)
        throw new AppError('FAILED_PRECONDITION', '已经登记过报乡镇民政所')
      const onTime = reportedOnTime(f.funeral.deathAt, now, f.funeral.deadlineHours)
      return { ...f, funeral: { ...f.funeral, townshipReportedAt: now, townshipOnTime: onTime }, updatedAt: now }
    })
    touch({ collection: FILINGS, id: filingId })
    return { townshipOnTime: updated.funeral!.townshipOnTime }
  },
}
