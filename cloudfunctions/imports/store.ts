/**
 * What an import reads besides the file: the village's grids, the people already on a roster with the same ID
 * numbers (this village: updated; another village's branch: a member in two branches), and the salt of the ID hash.
 */
import { createHash } from 'node:crypto'
import readExcelFile from 'read-excel-file/universal'
import { AppError } from '../../common/errors'
import { readSheet, type Cell, type ImportKind, type ReadSheet } from '../../common/rules/roster-import'
import { cloud, getDocs, type Database } from '../_lib/cloud'
import { C } from '../_lib/collections'
import { getAll, type GridDoc, type PersonDoc, type VillageDoc } from '../_lib/records'

/**
 * read-excel-file's universal build: an ArrayBuffer in, every sheet out; pure JS (fflate), no worker, no fs.
 * Imported as ES modules so that the bundler keeps only what this reads (~50 KB; its CommonJS build is twice that).
 */
const readXlsxFile = readExcelFile as unknown as (
  input: ArrayBuffer,
  options?: { trim?: boolean },
) => Promise<{ sheet: string; data: Cell[][] }[]>

export type ImportFile = { fileID: string } | { base64: string }

/**
 * A previewed file, parsed once (docs/performance.md): a head (`_id` = stageId, a hash of village, kind and the
 * file's bytes, so the same file previewed again is the same stage) and one chunk document per COMMIT_BATCH rows
 * of the sheet holding only the rows without problems, each ID number replaced by its salted hash and its masked
 * form — the full number is not kept here either. `doneChunks` counts the chunks written, in order: the import is
 * done only when it reaches `chunks`; then the chunk documents are removed.
 */
export interface StagedRow {
  line: number
  values: Record<string, string>
  idHash?: string
  idMasked?: string
  leaderHash?: string
}
export interface StageHeadDoc {
  _id: string
  part: 'head'
  stageId: string
  villageId: string
  kind: ImportKind
  chunks: number
  /** The first sheet line of each chunk (for "continue from line N"). */
  lines: number[]
  ready: number
  /** Grids a new village's first roster names (it had none at the preview): created before each chunk is written. */
  newGrids?: string[]
  doneChunks: number
  status: 'staged' | 'importing' | 'done'
  createdAt: Date
  updatedAt: Date
}
export interface StageChunkDoc {
  _id: string
  part: 'chunk'
  stageId: string
  villageId: string
  index: number
  skipped: number
  rows: StagedRow[]
  /** When the preview wrote it: a chunk whose head was never written is removed after STAGE_KEEP_DAYS. */
  stagedAt?: Date
}
export type StageDoc = StageHeadDoc | StageChunkDoc

/**
 * A stage untouched this long is removed (imports.sweepStages, and the village's next preview). A preview is
 * normally imported in the same sitting and an interrupted import continued the same day; a week covers a preview
 * on Friday imported on Monday, and keeps the staged names and phones no longer than that.
 */
export const STAGE_KEEP_DAYS = 7
const DAY_MS = 86_400_000

/**
 * Removes stages whose head was last touched more than STAGE_KEEP_DAYS ago (head and chunks), of one village or of
 * all, except `keep` (the stage a preview is writing now); with no village also chunks whose head was never written
 * (a preview that died half-way). How many stages were removed.
 */
export async function removeStaleStages(
  db: Database,
  now: Date,
  { villageId, keep }: { villageId?: string; keep?: string } = {},
): Promise<number> {
  const _ = db.command
  const cutoff = new Date(now.getTime() - STAGE_KEEP_DAYS * DAY_MS)
  const heads = await getAll<{ _id: string }>(
    db
      .collection(C.import_stages)
      .where({ part: 'head', updatedAt: _.lt(cutoff), ...(villageId ? { villageId } : {}) })
      .field({ _id: true }),
    5000,
  )
  let stale = heads.map((h) => h._id).filter((id) => id !== keep)
  if (!villageId) {
    const chunks = await getAll<{ stageId: string }>(
      db
        .collection(C.import_stages)
        .where({ part: 'chunk', stagedAt: _.lt(cutoff) })
        .field({ stageId: true }),
      5000,
    )
    const orphans = [...new Set(chunks.map((c) => c.stageId))].filter((id) => !stale.includes(id))
    for (let i = 0; i < orphans.length; i += 200) {
      const ids = orphans.slice(i, i + 200)
      const present = await getAll<{ _id: string }>(
        db
          .collection(C.import_stages)
          .where({ _id: _.in(ids) })
          .field({ _id: true }),
        200,
      )
      stale = [...stale, ...ids.filter((id) => !present.some((p) => p._id === id))]
    }
  }
  for (let i = 0; i < stale.length; i += 200)
    await db
      .collection(C.import_stages)
      .where({ stageId: _.in(stale.slice(i, i + 200)) })
      .remove()
  return stale.length
}

export const stageIdOf = (villageId: string, kind: ImportKind, bytes: ArrayBuffer): string =>
  createHash('sha256').update(`${villageId}:${kind}:`).update(Buffer.from(bytes)).digest('hex').slice(0, 24)
export const chunkIdOf = (stageId: string, index: number) => `${stageId}-${index}`

export const ID_SALT_ENV = 'XZ_ID_SALT'

/** The ID hash: sha256 of the deployment's salt and the number. Without the salt nobody can test guesses offline. */
export function idHasher(): (idNumber: string) => string {
  const salt = process.env[ID_SALT_ENV] ?? ''
  if (!salt)
    throw new AppError(
      'FAILED_PRECONDITION',
      '部署时没有设置身份证号散列的密钥（XZ_ID_SALT）：请部署人员运行 npm run deploy',
    )
  return (id) => createHash('sha256').update(`${salt}:${id.toUpperCase()}`).digest('hex')
}

async function bytesOf(file: ImportFile): Promise<ArrayBuffer> {
  let buf: Buffer
  if ('base64' in file) buf = Buffer.from(file.base64, 'base64')
  else {
    try {
      const res = (await cloud.downloadFile({ fileID: file.fileID })) as { fileContent: Buffer }
      buf = res.fileContent
    } catch (error) {
      console.error('[imports] download failed', error)
      throw new AppError('NOT_FOUND', '找不到上传的文件：请重新选择文件导入')
    }
  }
  return buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer
}

/** The workbook's first sheet read against the template; a file that is not a workbook is said so. */
export async function readImportFile(kind: ImportKind, file: ImportFile): Promise<ReadSheet & { bytes: ArrayBuffer }> {
  const bytes = await bytesOf(file)
  let sheets: { sheet: string; data: Cell[][] }[]
  try {
    sheets = await readXlsxFile(bytes, { trim: false })
  } catch {
    throw new AppError('INVALID_ARGUMENT', '文件不是 Excel 表格（.xlsx）：请用模板填写后另存为 .xlsx 再导入')
  }
  const first = sheets[0]
  if (!first) return { rows: [], problems: ['表格是空的'], bytes }
  return { ...readSheet(kind, first.data), bytes }
}

export async function gridsByName(db: Database, villageId: string): Promise<Map<string, string>> {
  const grids = await getAll<Pick<GridDoc, '_id' | 'name'>>(
    db.collection(C.grids).where({ villageId }).field({ name: true }),
    1000,
  )
  return new Map(grids.map((g) => [g.name, g._id]))
}

export type KnownPerson = Pick<PersonDoc, '_id' | 'villageId' | 'idHash' | 'roles' | 'name' | 'gridId' | 'party'>

/**
 * Everyone on any roster whose ID hash is one of these (index people {idHash}), 200 hashes per query: an `in`
 * of more values than the planner's 256 ranges would scan the collection.
 */
export async function peopleByHash(db: Database, hashes: string[]): Promise<KnownPerson[]> {
  const _ = db.command
  const out: KnownPerson[] = []
  for (let i = 0; i < hashes.length; i += 200) {
    out.push(
      ...(await getAll<KnownPerson>(
        db
          .collection(C.people)
          .where({ idHash: _.in(hashes.slice(i, i + 200)) })
          .field({ villageId: true, idHash: true, roles: true, name: true, gridId: true, party: true }),
        5000,
      )),
    )
  }
  return out
}

export async function villageNames(db: Database, ids: string[]): Promise<Map<string, string>> {
  if (!ids.length) return new Map()
  const _ = db.command
  const villages = await getDocs<Pick<VillageDoc, '_id' | 'name'>>(
    db
      .collection(C.villages)
      .where({ _id: _.in(ids.slice(0, 1000)) })
      .field({ name: true })
      .limit(1000),
  )
  return new Map(villages.map((v) => [v._id, v.name]))
}
