import { importsContract } from '../../../common/contracts/imports'
import { AppError } from '../../../common/errors'
import { maskIdNumber } from '../../../common/rules/masking'
import { checkRows, TEMPLATES, type CheckedRow, type ImportKind } from '../../../common/rules/roster-import'
import { C } from '../../_lib/collections'
import { getDocs, type Database } from '../../_lib/cloud'
import { findById, getAll, getOpenVillage, getVillage, type HouseholdDoc } from '../../_lib/records'
import type { Handlers } from '../../_lib/runtime'
import { writeXlsx } from '../../_lib/xlsx'
import {
  chunkIdOf,
  gridsByName,
  idHasher,
  peopleByHash,
  readImportFile,
  removeStaleStages,
  stageIdOf,
  villageNames,
  type KnownPerson,
  type StageChunkDoc,
  type StagedRow,
  type StageHeadDoc,
} from '../store'
import { commitGrids, commitHouseholds, commitPeople, createGrids, mayAppointSecretary } from './commit'
import { exportRoster } from './export'

/** Sheet rows per chunk, and so per commit call: 200 writes fit the function's time limit with room. */
export const COMMIT_BATCH = 200
const MAX_PROBLEM_ROWS = 500
const SECRETARY_BY_TOWNSHIP =
  '支部书记的任免须由乡镇组织委员（或县委组织部）办理：请删去「支部职务」中的支部书记，或请乡镇导入'
const STAGE_WRITES = 10

/** Every row checked against this village and the county's rosters (the file is read once, by the preview). */
async function check(db: Database, villageId: string, kind: ImportKind, sheetRows: Parameters<typeof checkRows>[1]) {
  const hashId = idHasher()
  const grids = await gridsByName(db, villageId)
  // A new village's first roster brings its grids: while the village has none, the grids a 党员花名册, 户籍 or
  // 村民代表 file names are created by the import (once it has grids, an unknown grid name is a problem row).
  const firstGrids =
    kind !== 'grids' && grids.size === 0
      ? [...new Set(sheetRows.map((r) => r.values.grid ?? '').filter((g) => g && g.length <= 20))]
      : []
  const hashes = new Set<string>()
  for (const r of sheetRows)
    for (const key of ['idNumber', 'memberIdNumber', 'leaderIdNumber']) {
      const id = (r.values[key] ?? '').toUpperCase()
      if (/^\d{17}[\dX]$/.test(id)) hashes.add(hashId(id))
    }
  const known = await peopleByHash(db, [...hashes])
  const otherMembers = known.filter((p) => p.villageId !== villageId && isMember(p))
  const names = await villageNames(db, [...new Set(otherMembers.map((p) => p.villageId))])
  const otherBranches = new Map(otherMembers.map((p) => [p.idHash!, names.get(p.villageId) ?? '其他村']))
  const here = new Map(known.filter((p) => p.villageId === villageId).map((p) => [p.idHash!, p]))
  const householdNumbers =
    kind === 'grids'
      ? new Set(
          (
            await getAll<Pick<HouseholdDoc, 'number'>>(
              db.collection(C.households).where({ villageId }).field({ number: true }),
              20_000,
            )
          ).map((h) => h.number),
        )
      : undefined
  const rows = checkRows(kind, sheetRows, {
    gridNames: new Set([...grids.keys(), ...firstGrids]),
    hashId,
    otherBranches,
    householdNumbers,
    peopleHere: new Map([...here].map(([h, p]) => [h, { name: p.name, partyMember: isMember(p) }])),
  })
  return { rows, grids, here }
}

const isMember = (p: Pick<KnownPerson, 'roles'>) =>
  p.roles.some((r) => r === 'party_member' || r === 'branch_secretary')

/** A checked row as it is kept between calls: no full ID number, only its hash and its last four digits. */
function staged(r: CheckedRow): StagedRow {
  const { idNumber, memberIdNumber, leaderIdNumber, ...values } = r.values
  void memberIdNumber
  void leaderIdNumber
  return {
    line: r.line,
    values,
    ...(r.idHash ? { idHash: r.idHash } : {}),
    ...(idNumber ? { idMasked: maskIdNumber(idNumber) } : {}),
    ...(r.leaderHash ? { leaderHash: r.leaderHash } : {}),
  }
}

export const rosters: Omit<Handlers<typeof importsContract>, 'discard' | 'sweepStages'> = {
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

  /**
   * The one read of the file: every row checked, and the rows without problems kept in chunks (import_stages) so
   * that each commit call reads only its own chunk instead of downloading and parsing the whole file again.
   */
  async preview({ villageId, kind, file }, ctx) {
    const { db, now } = ctx
    await getOpenVillage(db, villageId, '导入花名册')
    const read = await readImportFile(kind, file)
    const stageId = stageIdOf(villageId, kind, read.bytes)
    // This village's stages left lying (abandoned previews, imports never continued) go while this one is read.
    const sweeping = removeStaleStages(db, now, { villageId, keep: stageId }).catch((error: unknown) =>
      console.error('[imports.preview] stale stages not removed', error),
    )
    const { rows, grids, here } = await check(db, villageId, kind, read.rows)
    // 支部书记 is appointed by the township (common/rules/role-change.ts): a village keeper's file cannot name one.
    if (kind === 'party' && !mayAppointSecretary(ctx))
      for (const r of rows)
        if (r.values.post === '支部书记' && !(r.idHash && here.get(r.idHash)?.roles.includes('branch_secretary')))
          r.problems.push(SECRETARY_BY_TOWNSHIP)
    const bad = rows.filter((r) => r.problems.length)
    const ready = read.problems.length ? [] : rows.filter((r) => !r.problems.length)
    const newGrids = [...new Set(ready.map((r) => r.values.grid!))].filter((g) => !grids.has(g))
    const answer = {
      total: rows.length,
      ready: ready.length,
      updates:
        kind === 'grids'
          ? 0
          : kind === 'households'
            ? await existingHouseholds(db, villageId, ready)
            : ready.filter((r) => r.idHash && here.has(r.idHash)).length,
      sheetProblems: read.problems,
      rows: bad.slice(0, MAX_PROBLEM_ROWS).map((r) => ({ line: r.line, name: nameOf(r), problems: r.problems })),
      newGrids,
    }
    if (!ready.length) {
      await sweeping
      return answer
    }

    const chunks: StageChunkDoc[] = []
    for (let i = 0; i * COMMIT_BATCH < rows.length; i++) {
      const part = rows.slice(i * COMMIT_BATCH, (i + 1) * COMMIT_BATCH)
      chunks.push({
        _id: chunkIdOf(stageId, i),
        part: 'chunk',
        stageId,
        villageId,
        index: i,
        skipped: part.filter((r) => r.problems.length).length,
        rows: part.filter((r) => !r.problems.length).map(staged),
        stagedAt: now,
      })
    }
    const before = await findById<StageHeadDoc>(db, C.import_stages, stageId)
    // The same file previewed after an interrupted import: its chunks are the same; the import goes on from where
    // it stopped. A finished one is staged afresh (importing it again updates the same people).
    const resume =
      before?.status === 'importing' && before.chunks === chunks.length && before.doneChunks < chunks.length
        ? before.doneChunks
        : 0
    for (let i = 0; i < chunks.length; i += STAGE_WRITES)
      await Promise.all(
        chunks.slice(i, i + STAGE_WRITES).map(({ _id, ...doc }) =>
          db
            .collection(C.import_stages)
            .doc(_id)
            .set({ data: doc as unknown as Record<string, unknown> }),
        ),
      )
    const head: Omit<StageHeadDoc, '_id'> = {
      part: 'head',
      stageId,
      villageId,
      kind,
      chunks: chunks.length,
      lines: chunks.map((_c, i) => rows[i * COMMIT_BATCH]!.line),
      ready: ready.length,
      ...(kind !== 'grids' && newGrids.length ? { newGrids } : {}),
      doneChunks: resume,
      status: resume ? 'importing' : 'staged',
      createdAt: before?.createdAt ?? now,
      updatedAt: now,
    }
    await db
      .collection(C.import_stages)
      .doc(stageId)
      .set({ data: head as unknown as Record<string, unknown> })
    await sweeping
    return {
      ...answer,
      stage: {
        stageId,
        chunks: chunks.length,
        ...(resume ? { resumeChunk: resume, resumeLine: head.lines[resume]! } : {}),
      },
    }
  },

  /** One chunk of a previewed file written; chunks go in order, and the import is done only after the last. */
  async commit({ villageId, stageId, chunk }, ctx) {
    const { db, now } = ctx
    const village = await getOpenVillage(db, villageId, '导入花名册')
    const head = await findById<StageHeadDoc>(db, C.import_stages, stageId)
    if (!head || head.part !== 'head' || head.villageId !== villageId)
      throw new AppError('NOT_FOUND', '找不到这次导入：请重新选择文件，预览后再导入')
    const after = (done: number) =>
      done < head.chunks ? { nextChunk: done, nextLine: head.lines[done]!, done: false } : { done: true }
    if (head.status === 'done') return { created: 0, updated: 0, skipped: 0, ...after(head.chunks) }
    if (chunk > head.doneChunks || chunk >= head.chunks)
      throw new AppError('FAILED_PRECONDITION', `请从第 ${head.lines[head.doneChunks]} 行继续导入`)
    const part = await findById<StageChunkDoc>(db, C.import_stages, chunkIdOf(stageId, chunk))
    if (!part) throw new AppError('NOT_FOUND', '这次导入的暂存内容已不在：请重新选择文件，预览后再导入')
    if (head.newGrids?.length) await createGrids(ctx, village, head.newGrids)
    const counts =
      head.kind === 'grids'
        ? await commitGrids(ctx, village, stageId, part.rows)
        : head.kind === 'households'
          ? await commitHouseholds(ctx, village, part.rows)
          : await commitPeople(ctx, village, head.kind, part.rows)
    const done = Math.max(head.doneChunks, chunk + 1)
    const finished = done >= head.chunks
    await db
      .collection(C.import_stages)
      .doc(stageId)
      .update({ data: { doneChunks: done, status: finished ? 'done' : 'importing', updatedAt: now } })
    // The staged rows (names, phones, ID tails) are not kept once they are on the roster.
    if (finished) await db.collection(C.import_stages).where({ stageId, part: 'chunk' }).remove()
    return { ...counts, skipped: part.skipped + counts.skipped, ...after(done) }
  },

  async export({ villageId, kind }, ctx) {
    return exportRoster(ctx, villageId, kind)
  },
}

async function existingHouseholds(db: Database, villageId: string, rows: CheckedRow[]): Promise<number> {
  const _ = db.command
  let n = 0
  for (let i = 0; i < rows.length; i += 200) {
    const found = await getDocs<Pick<HouseholdDoc, '_id'>>(
      db
        .collection(C.households)
        .where({ villageId, number: _.in(rows.slice(i, i + 200).map((r) => r.values.number!)) })
        .field({ _id: true })
        .limit(1000),
    )
    n += found.length
  }
  return n
}

const nameOf = (r: CheckedRow) => r.values.name ?? r.values.grid ?? ''
