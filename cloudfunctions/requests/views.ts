/** requests: stored documents → the contract's output shapes (no I/O). */
import { textFor } from '../../common/rules/disclosure'
import { maskName } from '../../common/rules/masking'
import { overdue } from '../../common/rules/request-flow'
import { combineMonths, type MonthCounters } from '../../common/rules/request-stats'
import { iso } from '../_lib/records'
import { type RequestDoc } from '../_lib/requests'

export function rowOf(req: RequestDoc, now: Date, masked: boolean, villageName?: string) {
  return {
    id: req._id,
    villageId: req.villageId,
    villageName,
    residentName: masked ? maskName(req.residentName) : req.residentName,
    category: req.category,
    urgency: req.urgency,
    // De-identified before cutting, so a number cut in half at 40 characters is still recognised and covered.
    summary: [...textFor(req.description, !masked)].slice(0, 40).join(''),
    status: req.status,
    level: req.level,
    raisedAt: iso(req.raisedAt)!,
    resolveBy: iso(req.resolveBy)!,
    overdue: overdue(req, now),
  }
}

export function page<T>(rows: T[], offset: number, limit: number) {
  return { rows: rows.slice(0, limit), nextOffset: rows.length > limit ? offset + limit : undefined }
}

/** Figures of one or many counter documents, plus the open overdue ones counted live. */
export function figures(docs: Partial<MonthCounters>[], openOverdue: number) {
  return { ...combineMonths(docs), openOverdue }
}
