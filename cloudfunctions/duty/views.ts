/** duty: stored documents → the contract's output shapes (no I/O). */
import { maskName } from '../../common/rules/masking'
import { iso } from '../_lib/records'
import { type CheckInDoc, type LogDoc } from './store'

export function recordView(r: CheckInDoc) {
  return {
    id: r._id,
    date: r.date,
    kind: r.kind,
    checkedInAt: iso(r.checkedInAt)!,
    checkedOutAt: iso(r.checkedOutAt) ?? null,
    minutes: r.minutes ?? null,
    exception: Boolean(r.exception),
    exceptionMissing: r.exceptionMissing ?? null,
    exceptionReason: r.exceptionReason ?? null,
    distanceMetres: r.distanceMetres ?? null,
    lateMinutes: r.lateMinutes ?? null,
    earlyMinutes: r.earlyMinutes ?? null,
    checkOutException: r.checkOutException ?? null,
    checkOutDistanceMetres: r.checkOutDistanceMetres ?? null,
  }
}

export function logView(l: LogDoc) {
  return {
    id: l._id,
    date: l.date,
    at: iso(l.at)!,
    visitorName: maskName(l.visitorName),
    matter: l.matter,
    action: l.action,
    outcome: l.outcome,
    dispute: l.dispute,
    emergencyReported: l.emergencyReported,
    ownerPersonId: l.ownerPersonId,
    ownerName: l.ownerName,
    loggedByName: l.loggedByName,
    requestLinkId: l.requestLinkId ?? null,
    status: l.status,
  }
}
