/**
 * The write actions whose effect commits in one transaction with their idempotency record (`ctx.commit`,
 * cloudfunctions/_lib/idempotency.ts `commitOnce`): the runtime takes no claim for them — the marker is added, done,
 * in the effect's transaction (`OnceKey`), and a resend is answered from it. docs/exactly-once.md lists every write action with
 * how it is made exactly-once; test/unit/exactly-once-table.test.ts keeps the two in step.
 */
export const TRANSACTIONAL_ACTIONS: ReadonlySet<string> = new Set([
  'roster.savePerson',
  'requests.raise',
  'grid.recordVisit',
  'duty.addLog',
  'duty.handOverLog',
  'duty.closeLog',
  'duty.checkIn',
  'duty.checkOut',
  'requests.act',
  'requests.rate',
  'deliberation.closeVoting',
  'meetings.appendCorrection',
  'roster.saveHousehold',
  'roster.saveGrid',
  'grid.assign',
  'grid.moveHousehold',
  'grid.resolveFinding',
  'deliberation.publish',
  'deliberation.openVoting',
  'org.retireVillage',
  'org.mergeVillage',
  'meetings.signIn',
  'council.review',
  'council.recordActual',
])
