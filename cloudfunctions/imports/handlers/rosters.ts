import { importsContract } from '../../../common/contracts/imports'
import { AppError } from '../../../common/errors'
import { maskIdNumber } from '../../../common/rules/masking'
import { checkRows, TEMPLATES, type CheckedRow, type ImportKind } from '../../../common/rules/roster-import'
import type { Role } from '../../../common/roles'
import { C } from '../../_lib/collections'
import { getDocs } from '../../_lib/cloud'
import { getVillage, newId, type HouseholdDoc, type PersonDoc, type VillageDoc } from '../../_lib/records'
import type { Handlers } from '../../_lib/runtime'
import { writeXlsx } from '../../_lib/xlsx'
import {
  gridsByName,
  idHasher,
  peopleByHash,
  readImportFile,
  villageNames,
  type ImportFile,
  type KnownPerson,
} from '../store'

/** Rows written per commit call: 200 writes fit the function's 10 s with room (each ~20 ms in CloudBase). */
export const COMMIT_BATCH = 200
const MAX_PROBLEM_ROWS = 500
const WRITE_CONCURRENCY = 20

const ROLE_OF: Record<'party' | 'representatives', Role> = {
  party: 'party_member',
  representatives: 'villager_representative',
}

/**
 * The file read and every row checked against this village and the county's rosters. `window` (a commit's batch):
 * only those rows are looked up in the database — the rest are checked within the file alone (duplicates).
 */
async function checked(
  db: Parameters<Handlers<typeof importsContract>['preview']>[1]['db'],
  villageId: string,
  kind: ImportKind,
  file: ImportFile,
  window?: { fromLine: number; rows: number },
) {
  const hashId = idHasher()
  const read = await readImportFile(kind, file)
  const grids = await gridsByName(db, villageId)
  const hashes = new Set<string>()
  const looked = window ? read.rows.filter((r) => r.line >= window.fromLine).slice(0, window.rows) : read.rows
  for (const r of looked) {
    const id = (r.values.idNumber ?? r.values.memberIdNumber ?? '').toUpperCase()
    if (/^\d{17}[\dX]$/.test(id)) hashes.add(hashId(id))
  }
  const known = await peopleByHash(db, [...hashes])
  const otherMembers = known.filter(
    (p) => p.villageId !== villageId && p.roles.some((r) => r === 'party_member' || r === 'branch_secretary'),
  )
  const names = await villageNames(db, [...new Set(otherMembers.map((p) => p.villageId))])
  const otherBranches = new Map(otherMembers.map((p) => [p.idHash!, names.get(p.villageId) ?? '其他村']))
  const rows = checkRows(kind, read.rows, { gridNames: new Set(grids.keys()), hashId, otherBranches })
  const here = new Map(known.filter((p) => p.villageId === villageId).map((p) => [p.idHash!, p]))
  return { read, rows, grids, here }
}

export const rosters: Handlers<typeof importsContract> = {
  async template({ villageId, kind }, { db }) {
    const village = await getVillage(db, villageId)
    const t = TEMPLATES[kind]
    const rows = [
      t.columns.map((c) => c.header),
      t.columns.map((c, i) => (i === 0 ? `例：${c.example}` : c.example)),
      t.columns.map((c, i) =>
        i === 0
          ? `说明：${c.required ? '必填' : '可空'}`
          : `${c.required ? '必填' : '可空'}${c.note ? `；${c.note}` : ''}`,
      ),
    ]
    const fileName = `${village.name}${t.title}模板.xlsx`
    return { fileName, base64: writeXlsx([{ name: t.title, rows }]).toString('base64') }
  },

  async preview({ villageId, kind, file }, { db }) {
    await getVillage(db, villageId)
    const { read, rows, here } = await checked(db, villageId, kind, file)
    const bad = rows.filter((r) => r.problems.length)
    const ready = rows.filter((r) => !r.problems.length)
    return {
      total: rows.length,
      ready: read.problems.length ? 0 : ready.length,
      updates: read.problems.length ? 0 : ready.filter((r) => r.idHash && here.has(r.idHash)).length,
      sheetProblems: read.problems,
      rows: bad.slice(0, MAX_PROBLEM_ROWS).map((r) => ({ line: r.line, name: nameOf(r), problems: r.problems })),
    }
  },

  async commit({ villageId, kind, file, fromLine }, { db, now, touch }) {
    const village = await getVillage(db, villageId)
    const start = fromLine ?? 1
    const { read, rows, grids, here } = await checked(db, villageId, kind, file, {
      fromLine: start,
      rows: COMMIT_BATCH,
    })
    if (read.problems.length) throw new AppError('FAILED_PRECONDITION', `表格不能导入：${read.problems.join('；')}`)
    const pending = rows.filter((r) => r.line >= start)
    const batch = pending.slice(0, COMMIT_BATCH)
    const next = pending[COMMIT_BATCH]
    if (kind === 'households') {
      const counts = await commitHouseholds(db, village, batch, grids, here, now, touch)
      return {
        ...counts,
        skipped: batch.filter((r) => r.problems.length).length,
        ...(next ? { nextLine: next.line } : {}),
      }
    }
    const role = ROLE_OF[kind]
    const _ = db.command
    let created = 0
    let updated = 0
    let newMembers = 0
    const write = async (r: CheckedRow) => {
      const v = r.values
      const fields = {
        name: v.name!,
        phone: v.phone ?? '',
        gridId: grids.get(v.grid!) ?? null,
        idNumberMasked: maskIdNumber(v.idNumber!),
        idHash: r.idHash!,
        updatedAt: now,
        ...(kind === 'party'
          ? {
              party: {
                standing: v.standing === '预备党员' ? ('probationary' as const) : ('full' as const),
                presence:
                  v.presence === '外出'
                    ? ('away' as const)
                    : v.presence === '流动'
                      ? ('mobile' as const)
                      : ('home' as const),
              },
            }
          : {}),
      }
      const post: Role[] =
        v.post === '支部书记' ? ['branch_secretary'] : v.post === '支委委员' ? ['branch_committee_member'] : []
      const existing = here.get(r.idHash!)
      if (existing) {
        const roles = [...new Set([...existing.roles, role, ...post])]
        if (!existing.roles.includes(role) && role === 'party_member') newMembers++
        await db
          .collection(C.people)
          .doc(existing._id)
          .update({ data: { ...fields, roles } })
        touch({ collection: C.people, id: existing._id, personId: existing._id })
        updated++
      } else {
        const doc: Omit<PersonDoc, '_id'> = {
          villageId,
          townshipId: village.townshipId,
          householdId: null,
          roles: ['resident', role, ...post],
          createdAt: now,
          ...fields,
        }
        const _id = newId('p')
        await db.collection(C.people).add({ data: { _id, ...doc } })
        here.set(r.idHash!, { _id, villageId, idHash: r.idHash!, roles: doc.roles })
        touch({ collection: C.people, id: _id, personId: _id })
        created++
        if (role === 'party_member') newMembers++
      }
    }
    // A file names each person once (a second row is a problem), so parallel writes never meet on one person.
    const good = batch.filter((r) => !r.problems.length)
    for (let i = 0; i < good.length; i += WRITE_CONCURRENCY)
      await Promise.all(good.slice(i, i + WRITE_CONCURRENCY).map(write))
    if (created || newMembers)
      await db
        .collection(C.villages)
        .doc(villageId)
        .update({
          data: {
            peopleCount: _.inc(created),
            ...(newMembers ? { partyMemberCount: _.inc(newMembers) } : {}),
            updatedAt: now,
          },
        })
    return {
      created,
      updated,
      skipped: batch.filter((r) => r.problems.length).length,
      ...(next ? { nextLine: next.line } : {}),
    }
  },
}

type Ctx = Parameters<Handlers<typeof importsContract>['commit']>[1]

/**
 * 户籍（农户）: each row a household (matched on its 户号 in the village) and its head (matched on the ID hash, made
 * 户主 of it). `created` counts new households; grid and village household counts follow them.
 */
async function commitHouseholds(
  db: Ctx['db'],
  village: VillageDoc,
  batch: CheckedRow[],
  grids: Map<string, string>,
  here: Map<string, KnownPerson>,
  now: Date,
  touch: Ctx['touch'],
): Promise<{ created: number; updated: number }> {
  const _ = db.command
  const good = batch.filter((r) => !r.problems.length)
  const existing = new Map<string, { _id: string; gridId?: string | null }>()
  for (let i = 0; i < good.length; i += 200) {
    const found = await getDocs<Pick<HouseholdDoc, '_id' | 'number' | 'gridId'>>(
      db
        .collection(C.households)
        .where({ villageId: village._id, number: _.in(good.slice(i, i + 200).map((r) => r.values.number!)) })
        .field({ number: true, gridId: true })
        .limit(1000),
    )
    for (const h of found) existing.set(h.number, h)
  }
  let created = 0
  let updated = 0
  // Households gained (+) or lost (−) per grid: new households and households moved to another grid.
  const perGrid = new Map<string, number>()
  const move = (gridId: string | null | undefined, n: number) => {
    if (gridId) perGrid.set(gridId, (perGrid.get(gridId) ?? 0) + n)
  }
  const write = async (r: CheckedRow) => {
    const v = r.values
    const gridId = grids.get(v.grid!) ?? null
    const fields = {
      number: v.number!,
      headName: v.name!,
      gridId,
      memberCount: Number(v.memberCount),
      adultCount: Number(v.adultCount),
      updatedAt: now,
    }
    const had = existing.get(v.number!)
    let householdId = had?._id
    if (had && householdId) {
      await db.collection(C.households).doc(householdId).update({ data: fields })
      updated++
      if ((had.gridId ?? null) !== gridId) {
        move(had.gridId, -1)
        move(gridId, 1)
      }
    } else {
      householdId = newId('h')
      await db
        .collection(C.households)
        .add({ data: { _id: householdId, villageId: village._id, townshipId: village.townshipId, ...fields } })
      created++
      move(gridId, 1)
    }
    touch({ collection: C.households, id: householdId })
    const person = {
      name: v.name!,
      phone: v.phone ?? '',
      gridId,
      householdId,
      idNumberMasked: maskIdNumber(v.idNumber!),
      idHash: r.idHash!,
      updatedAt: now,
    }
    const head = here.get(r.idHash!)
    if (head) {
      const roles = [...new Set([...head.roles, 'resident', 'household_head'])]
      await db
        .collection(C.people)
        .doc(head._id)
        .update({ data: { ...person, roles } })
      touch({ collection: C.people, id: head._id, personId: head._id })
    } else {
      const _id = newId('p')
      const doc: Omit<PersonDoc, '_id'> = {
        villageId: village._id,
        townshipId: village.townshipId,
        roles: ['resident', 'household_head'],
        createdAt: now,
        ...person,
      }
      await db.collection(C.people).add({ data: { _id, ...doc } })
      here.set(r.idHash!, { _id, villageId: village._id, idHash: r.idHash!, roles: doc.roles })
      touch({ collection: C.people, id: _id, personId: _id })
    }
  }
  // A file names each household and each head once (a second row is a problem): parallel writes never meet.
  for (let i = 0; i < good.length; i += WRITE_CONCURRENCY)
    await Promise.all(good.slice(i, i + WRITE_CONCURRENCY).map(write))
  if (created)
    await db
      .collection(C.villages)
      .doc(village._id)
      .update({ data: { householdCount: _.inc(created), updatedAt: now } })
  for (const [gridId, n] of perGrid)
    if (n)
      await db
        .collection(C.grids)
        .doc(gridId)
        .update({ data: { householdCount: _.inc(n) } })
  return { created, updated }
}

const nameOf = (r: CheckedRow) => r.values.name ?? r.values.grid ?? ''
