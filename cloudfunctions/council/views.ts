/** council: stored documents → the contract's output shapes (no I/O). */
import { iso } from '../_lib/records'
import { type FilingDoc } from './store'

export const row = (f: FilingDoc) => ({
  id: f._id,
  kind: f.kind,
  householdId: f.householdId,
  householdLabel: f.householdLabel,
  gridId: f.gridId ?? undefined,
  eventDate: f.eventDate,
  status: f.status,
  compliance: f.compliance,
  overCount: (f.actualCheck ?? f.check).overKeys.length,
  filedAt: iso(f.filedAt)!,
  filedByName: f.filedBy.name,
  filedLate: f.filedLate,
})
