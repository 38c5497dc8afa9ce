/**
 * Journeys only: gives WeChat identities to the Party members of one demo village who have none, so that a
 * 支部党员大会 can reach its quorum with every attendee on their own phone (the demo county binds only a handful
 * of people per village). Run by startApp's `beforeStart` on the journey's fresh DATA_DIR, before the server holds
 * it:
 *
 *   DATA_DIR=<fresh temp dir> tsx test/e2e/support/bind-members.ts <villageId> <count>
 *
 * Prints the bound members as JSON lines ({ openid, personId, name, presence }). Members with a vote only
 * (full members, not 流动党员), those at home first. Deterministic: the demo county is generated from a fixed seed.
 */
import path from 'node:path'
import { startLocalCloud } from '../../../local/cloud'
import { checkDataDirPath } from '../../../local/cloud/store/persistence'
import { generateDemoData } from '../../../local/seed/demo-data'
import { C } from '../../../cloudfunctions/_lib/collections'

export const E2E_OPENID_PREFIX = 'demo-e2e-'

export interface BoundMember {
  openid: string
  personId: string
  name: string
  presence: 'home' | 'away'
}

const MEMBER_ROLES = ['party_member', 'branch_secretary', 'branch_committee_member']

async function main(): Promise<void> {
  const [villageId, countArg] = process.argv.slice(2)
  const raw = process.env.DATA_DIR
  if (!villageId || !countArg || !raw?.trim())
    throw new Error('usage: DATA_DIR=<dir> tsx bind-members.ts <villageId> <count>')
  const dataDir = checkDataDirPath(path.resolve(raw))
  const data = generateDemoData()
  const people = (data.get(C.people) ?? []).filter((p) => p.villageId === villageId)
  const free = people.filter((p) => {
    const party = p.party as { standing: string; presence: string } | null
    return (
      !p.openid &&
      (p.roles as string[]).some((r) => MEMBER_ROLES.includes(r)) &&
      party?.standing === 'full' &&
      party.presence !== 'mobile'
    )
  })
  const atHomeFirst = [
    ...free.filter((p) => (p.party as { presence: string }).presence === 'home'),
    ...free.filter((p) => (p.party as { presence: string }).presence !== 'home'),
  ]
  const chosen = atHomeFirst.slice(0, Number(countArg))
  const now = new Date()
  const cloud = await startLocalCloud({ dataDir })
  try {
    await cloud.engine.apply(
      chosen.map((p) => ({
        k: 'put' as const,
        c: C.bindings,
        d: {
          _id: `${E2E_OPENID_PREFIX}${p._id}`,
          memberships: [{ villageId, townshipId: p.townshipId, personId: p._id, name: p.name, roles: p.roles }],
          updatedAt: now,
        },
      })),
    )
    await cloud.flush({ snapshot: true })
  } finally {
    await cloud.close()
  }
  for (const p of chosen) {
    const member: BoundMember = {
      openid: `${E2E_OPENID_PREFIX}${p._id}`,
      personId: p._id as string,
      name: p.name as string,
      presence: (p.party as { presence: 'home' | 'away' }).presence,
    }
    console.log(JSON.stringify(member))
  }
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error)
    process.exit(1)
  })
}
