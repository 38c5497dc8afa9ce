/** duty: stored documents → the contract's output shapes (no I/O). */
import { DUTY_PLANNERS } from '../../common/contracts/duty'
import { textFor } from '../../common/rules/disclosure'
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

/**
 * Whether a cadre sees a log entry's text whole (domain rules §8, common/rules/disclosure.ts): its owner (首问负责)
 * and whoever logged it act on it, the duty planners oversee it; other cadres see numbers in it de-identified.
 */
export function seesLogInFull(l: LogDoc, viewer: { personId: string; roles: readonly string[] }): boolean {
  return (
    l.ownerPersonId === viewer.personId ||
    l.loggedByPersonId === viewer.personId ||
    viewer.roles.some((r) => (DUTY_PLANNERS as readonly string[]).includes(r))
  )
}

export function logView(l: LogDoc, full = true) {
  return {
    id: l._id,
    date: l.date,
    at: iso(l.at)!,
    visitorName: maskName(l.visitorName),
    matter: textFor(l.matter, full),
    action: textFor(l.action, full),
    outcome: l.outcome,
    dispute: l.dispute,
    emergencyReported: l.emergencyReported,
    ownerPersonId: l.ownerPersonId,
    ownerName: l.ownerName,
    loggedByName: l.loggedByName,
    requestLinkId: l.requestLinkId ?? null,
    status: l.status,
    handovers: (l.history ?? [])
      .filter((h) => h.what === 'handover')
      .map((h) => ({ at: iso(h.at)!, fromName: h.byName, toName: h.toName ?? '' })),
  }
}
