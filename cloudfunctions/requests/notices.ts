/** requests: its notifications — the reply to the resident, deadlines to the holder and the level above, hand-ups. */
import { formatBeijing } from '../../common/rules/beijing-time'
import { textFor } from '../../common/rules/disclosure'
import { HANDLING_LEVEL_LABELS, type HandlingLevel } from '../../common/rules/request-flow'
import { DEADLINE_NOTICE_TITLES, type DeadlineNoticeKind } from '../../common/rules/request-reminders'
import { getDocs, type Database } from '../_lib/cloud'
import { C } from '../_lib/collections'
import { scheduleNotices, type NoticeInput } from '../_lib/notify'
import type { BindingDoc } from '../_lib/principal'
import { findById, getAll, type PersonDoc } from '../_lib/records'
import { type RequestDoc } from '../_lib/requests'

/** Tells the resident their request was answered (WeChat subscribe message; locally the outbox). Never fails the reply. */
export async function notifyResident(db: Database, req: RequestDoc, reply: string, now: Date): Promise<void> {
  try {
    const person = await findById<PersonDoc>(db, C.people, req.residentPersonId!)
    await scheduleNotices(
      db,
      [
        {
          villageId: req.villageId,
          townshipId: req.townshipId,
          personId: req.residentPersonId!,
          openid: person?.openid ?? null,
          template: 'request_reply',
          title: '您的诉求有了答复',
          lines: [
            // De-identified before cutting: a number cut at 20 characters would no longer be recognised.
            { label: '诉求', value: [...textFor(req.description, false)].slice(0, 20).join('') },
            { label: '答复', value: [...textFor(reply, false)].slice(0, 20).join('') },
          ],
          page: `packages/grid/pages/request/index?villageId=${req.villageId}&requestId=${req._id}`,
          subject: `request:${req._id}`,
        },
      ],
      now,
    )
  } catch (error) {
    console.error('[requests.act] reply notice could not be sent', error)
  }
}

/** After 办结 without a rating: asks the resident to rate it by the end of the window. Never fails the close. */
export async function notifyRateReminder(db: Database, req: RequestDoc, rateBy: Date, now: Date): Promise<void> {
  try {
    const person = await findById<PersonDoc>(db, C.people, req.residentPersonId!)
    await scheduleNotices(
      db,
      [
        {
          villageId: req.villageId,
          townshipId: req.townshipId,
          personId: req.residentPersonId!,
          openid: person?.openid ?? null,
          template: 'request_rate',
          title: '您的诉求已办结，请评价',
          lines: [
            { label: '诉求', value: gist(req) },
            { label: '评价截止', value: formatBeijing(rateBy) },
          ],
          page: requestPage(req),
          subject: `request-rate:${req._id}`,
          expiresAt: rateBy,
        },
      ],
      now,
    )
  } catch (error) {
    console.error('[requests.act] rating reminder could not be sent', error)
  }
}

// ---- deadlines and escalations (domain rules §6: 村报告、乡处理、县办结) -----------------------------------------

interface Recipient {
  personId: string
  openid: string | null
}

const requestPage = (req: Pick<RequestDoc, '_id' | 'villageId'>) =>
  `packages/grid/pages/request/index?villageId=${req.villageId}&requestId=${req._id}`

/** The first words of the request, de-identified before they are cut (a cut number is no longer recognised). */
const gist = (req: Pick<RequestDoc, 'description'>) => [...textFor(req.description, false)].slice(0, 20).join('')

/**
 * Organisers of the township (of that township only) or of the county, from their bindings: they are bound
 * WeChat accounts without a roster entry of a village, so the notice is addressed by OPENID.
 */
export async function organisersOf(
  db: Database,
  level: 'township' | 'county',
  townshipId: string,
): Promise<Recipient[]> {
  const role = level === 'township' ? 'township_organiser' : 'county_organiser'
  const bindings = await getAll<BindingDoc>(db.collection(C.bindings).where({ 'memberships.roles': role }), 2000)
  return bindings.flatMap((b) => {
    const m = (b.memberships ?? []).find(
      (x) => x.roles.includes(role) && (level === 'county' || x.townshipId === townshipId),
    )
    return m ? [{ personId: m.personId ?? `binding:${b._id}`, openid: b._id }] : []
  })
}

/** At the village: the cadre who took the request on there (accepted or started it), and the branch secretaries. */
async function villageHolders(db: Database, req: RequestDoc): Promise<Recipient[]> {
  const taker = [...(req.timeline ?? [])].reverse().find((t) => t.by === 'village' && t.actorPersonId)?.actorPersonId
  const [secretaries, takerDoc] = await Promise.all([
    getDocs<PersonDoc>(
      db
        .collection(C.people)
        .where({ villageId: req.villageId, roles: 'branch_secretary' })
        .field({ openid: true })
        .limit(10),
    ),
    taker ? findById<PersonDoc>(db, C.people, taker) : Promise.resolve(undefined),
  ])
  const people = takerDoc && takerDoc.villageId === req.villageId ? [takerDoc, ...secretaries] : secretaries
  const seen = new Set<string>()
  return people.flatMap((p) =>
    seen.has(p._id) ? [] : (seen.add(p._id), [{ personId: p._id, openid: p.openid ?? null }]),
  )
}

/** Who holds a request at a level: the village's cadres, or the township's / county's organisers. */
export function holdersAt(db: Database, req: RequestDoc, level: HandlingLevel): Promise<Recipient[]> {
  return level === 'village' ? villageHolders(db, req) : organisersOf(db, level, req.townshipId)
}

/** A deadline notice to one level (the holder, or the level above for a passed deadline). */
export function deadlineNotices(
  req: RequestDoc,
  kind: DeadlineNoticeKind,
  to: readonly Recipient[],
  toLevel: HandlingLevel,
): NoticeInput[] {
  const deadline = kind === 'verify_passed' ? req.verifyBy : req.resolveBy
  const above = toLevel !== req.level
  return to.map((p) => ({
    villageId: req.villageId,
    townshipId: req.townshipId,
    personId: p.personId,
    openid: p.openid,
    template: 'request_deadline',
    title: above
      ? `${DEADLINE_NOTICE_TITLES[kind]}（${HANDLING_LEVEL_LABELS[req.level]}级在办）`
      : DEADLINE_NOTICE_TITLES[kind],
    lines: [
      { label: '诉求', value: gist(req) },
      { label: kind === 'verify_passed' ? '核实期限' : '答复期限', value: formatBeijing(deadline) },
      { label: '办理', value: `${HANDLING_LEVEL_LABELS[req.level]}级` },
    ],
    page: requestPage(req),
    subject: `request-deadline:${req._id}`,
    // "快到了" is pointless once the deadline has come: the notify helper then skips it.
    ...(kind === 'resolve_soon' ? { expiresAt: new Date(req.resolveBy) } : {}),
  }))
}

/** To the organisers of the level a request was handed up to (村报告、乡处理、县办结). Never fails the hand-up. */
export async function notifyEscalated(
  db: Database,
  req: RequestDoc,
  toLevel: HandlingLevel,
  note: string,
  now: Date,
): Promise<void> {
  try {
    if (toLevel === 'village') return
    const to = await organisersOf(db, toLevel, req.townshipId)
    await scheduleNotices(
      db,
      to.map((p) => ({
        villageId: req.villageId,
        townshipId: req.townshipId,
        personId: p.personId,
        openid: p.openid,
        template: 'request_escalated',
        title: `有诉求上报到${HANDLING_LEVEL_LABELS[toLevel]}，请办理`,
        lines: [
          { label: '诉求', value: gist(req) },
          { label: '上报理由', value: [...textFor(note, false)].slice(0, 20).join('') },
          { label: '报来的', value: `${HANDLING_LEVEL_LABELS[req.level]}级` },
        ],
        page: requestPage(req),
        subject: `request:${req._id}`,
      })),
      now,
    )
  } catch (error) {
    console.error('[requests.act] escalation notice could not be sent', error)
  }
}
