/**
 * Who sees a free-text field in full and who sees it de-identified (domain rules §8). Free text — a matter's
 * 提议 text, comments and notes, duty log entries, requests, notices — may hold ID, phone or bank numbers and house
 * addresses typed by whoever wrote it. Only the cadres who act on it see the full value; everyone else (bound
 * villagers, residents, ordinary members, other cadres) sees it through `deidentify`. Notices (subscribe messages)
 * and published boards are always de-identified: the page they open shows what the reader's role allows.
 * Pure; the functions decide by the caller's memberships, the client uses `sensitiveWarning` while typing.
 *
 * Per field (docs/security.md keeps the same table):
 *   matter title, content, step notes   full: the village's 四议两公开 runners, township/county organisers
 *   duty log entry (matter, action)     full: its owner and whoever logged it, the duty planners (书记, 第一书记)
 *   request text, reply, comments       full: its handlers (the existing relation in requests)
 *   notices                              never full
 */
import { SUPERVISORS, type Role } from '../roles'
import { deidentify, findSensitive, type DeidentifyOptions } from './deidentify'

interface MembershipLike {
  villageId?: string
  roles: readonly Role[]
}

/** The text as a reader sees it: whole when `full`, de-identified otherwise. */
export function textFor(text: string, full: boolean, options?: DeidentifyOptions): string {
  return full ? text : deidentify(text, options).text
}

/** Same for an optional text. */
export function optionalTextFor<T extends string | null | undefined>(text: T, full: boolean): T {
  return (typeof text === 'string' ? textFor(text, full) : text) as T
}

/**
 * Whether a caller holds, in this village, one of `villageRoles` — or is a township/county organiser (they
 * supervise the village and may need the full value to check a matter).
 */
export function seesFullIn(
  memberships: readonly MembershipLike[],
  villageId: string,
  villageRoles: readonly Role[],
  { supervisors = true }: { supervisors?: boolean } = {},
): boolean {
  return memberships.some((m) =>
    m.roles.some(
      (r) =>
        (m.villageId === villageId && villageRoles.includes(r)) ||
        (supervisors && (SUPERVISORS as readonly Role[]).includes(r)),
    ),
  )
}

/**
 * The warning shown while typing a text others will read: which kinds of number were found, that they will be
 * covered when it is shown beyond the cadres. Undefined when nothing would be masked.
 */
export function sensitiveWarning(text: string): string | undefined {
  const found = findSensitive(text)
  if (found.length === 0) return undefined
  const labels = [...new Set(found.map((f) => f.label))]
  return `这段文字里有${labels.join('、')}，给群众和其他人看时会被遮挡（如 ${found[0]!.masked}）；不需要的话请删去`
}
