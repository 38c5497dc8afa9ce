/**
 * Durable storage of the engine under DATA_DIR:
 *   snapshot-<gen>.jsonl  the whole database as of the start of journal <gen> (written to .tmp, fsynced, renamed)
 *   journal-<gen>.log     every batch applied since (see journal.ts)
 *   LOCK                  pid of the process that owns the directory
 * Every line of both carries a CRC-32. Recovery loads the newest snapshot, replays the journals from its generation
 * on, cuts a torn journal tail — and refuses to start on any other damage (StoreDamageError: file and byte offset,
 * nothing touched); `repairDataDir` (`npm run db:repair`) then keeps what is provably intact, on request.
 * It builds indexes once. Compaction writes a new snapshot in the background (documents are immutable, so a
 * list of references taken at one instant is a consistent image) and then deletes what it supersedes.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Doc } from '../codec'
import { decodeStorage, encodeStorage, fromStorage } from '../codec'
import type { DocId } from './collection'
import type { Engine, Op } from './engine'
import { JournalWriter, checksum, decodeRecordLine } from './journal'

const SNAPSHOT = /^snapshot-(\d{8})\.jsonl$/
const JOURNAL = /^journal-(\d{8})\.log$/
const OWN_FILE = /^(snapshot-\d{8}\.jsonl|journal-\d{8}\.log)(\.tmp)?$|^LOCK$/
/** v2: every line is `<crc32 hex> <content>` like a journal record; v1 (no checksums) is still read. */
const SNAPSHOT_FORMAT = 'local-cloud-snapshot/2'
const SNAPSHOT_FORMAT_V1 = 'local-cloud-snapshot/1'

/** Damage recovery cannot prove to be a torn tail. The file is left exactly as it was. */
export class StoreDamageError extends Error {
  constructor(
    readonly file: string,
    readonly offset: number,
    readonly why: string,
  ) {
    super(
      `[local-cloud] ${file} is damaged at byte ${offset} (${why}). Refusing to start: what follows may be ` +
        'acknowledged writes, and cutting it would lose them silently. The file is untouched. ' +
        '`npm run db:repair` keeps every record and document whose checksum holds (the damaged files are copied ' +
        'aside first); restore the directory from a copy if you have one instead.',
    )
    this.name = 'StoreDamageError'
  }
}

const withChecksum = (content: string): string => `${checksum(content)} ${content}\n`

export interface PersistenceOptions {
  /** Compact when the journal since the last snapshot exceeds this many bytes (default 64 MB). */
  compactAfterBytes?: number
}

export interface RecoveryReport {
  snapshotGen: number | null
  documents: number
  journalRecords: number
  tornBytes: number
  millis: number
  /** Part of `millis` spent reading the snapshot and journals (the rest builds maps and indexes). */
  readMillis: number
}

/** Directories opened by this process (the LOCK file guards against other processes). */
const openDirs = new Set<string>()

const pad = (gen: number): string => String(gen).padStart(8, '0')

/**
 * Refuses a data directory that is obviously not one: empty path, the filesystem root, the home directory, the
 * current directory or one of its ancestors, or a directory holding a project (package.json / .git).
 */
export function checkDataDirPath(dir: string): string {
  if (typeof dir !== 'string' || dir.trim() === '')
    throw new Error('[local-cloud] DATA_DIR is empty; refusing to use the current directory as a data directory')
  const resolved = path.resolve(dir)
  const cwd = process.cwd()
  const forbidden =
    resolved === path.parse(resolved).root ||
    resolved === os.homedir() ||
    resolved === cwd ||
    cwd.startsWith(resolved + path.sep)
  if (forbidden)
    throw new Error(
      `[local-cloud] refusing to use ${resolved} as a data directory (it is the root, home, current directory or one of its parents)`,
    )
  for (const marker of ['package.json', '.git', 'node_modules']) {
    if (fs.existsSync(path.join(resolved, marker)))
      throw new Error(`[local-cloud] refusing to use ${resolved} as a data directory: it contains ${marker}`)
  }
  return resolved
}

/**
 * Deletes the local cloud's own files (snapshots, journals, LOCK) from a data directory — never anything else:
 * other files are left in place and listed. Refuses while a process holds the directory.
 */
export function wipeDataDir(dir: string): { removed: string[]; leftInPlace: string[] } {
  const resolved = checkDataDirPath(dir)
  if (!fs.existsSync(resolved)) return { removed: [], leftInPlace: [] }
  const entries = fs.readdirSync(resolved)
  const lock = path.join(resolved, 'LOCK')
  if (fs.existsSync(lock)) {
    const pid = Number(fs.readFileSync(lock, 'utf8').trim())
    if (openDirs.has(resolved) || (pid && pid !== process.pid && isAlive(pid)))
      throw new Error(`[local-cloud] ${resolved} is in use by process ${pid}; stop it first`)
  }
  const removed = entries.filter((name) => OWN_FILE.test(name))
  for (const name of removed) fs.rmSync(path.join(resolved, name), { force: true })
  return { removed, leftInPlace: entries.filter((name) => !OWN_FILE.test(name)) }
}

export class Persistence {
  private journal!: JournalWriter
  private compacting: Promise<void> | null = null
  private snapshotBytes = 0
  private closed = false
  report!: RecoveryReport

  private constructor(
    readonly dir: string,
    private readonly engine: Engine,
    private readonly options: PersistenceOptions,
  ) {}

  static open(dir: string, engine: Engine, options: PersistenceOptions = {}): Persistence {
    const p = new Persistence(checkDataDirPath(dir), engine, options)
    fs.mkdirSync(p.dir, { recursive: true })
    p.lock()
    try {
      p.recover()
    } catch (error) {
      p.unlock()
      throw error
    }
    engine.journal = {
      append: (ops: Op[]) => {
        const done = p.journal.append(ops)
        p.maybeCompact()
        return done
      },
    }
    return p
  }

  private snapshotPath = (gen: number): string => path.join(this.dir, `snapshot-${pad(gen)}.jsonl`)
  private journalPath = (gen: number): string => path.join(this.dir, `journal-${pad(gen)}.log`)
  private lockPath = (): string => path.join(this.dir, 'LOCK')

  private lock(): void {
    if (openDirs.has(this.dir))
      throw new Error(
        `[local-cloud] data directory ${this.dir} is in use by process ${process.pid} (this one). Close the other local cloud first.`,
      )
    const file = this.lockPath()
    if (fs.existsSync(file)) {
      const pid = Number(fs.readFileSync(file, 'utf8').trim())
      if (pid && pid !== process.pid && isAlive(pid)) {
        throw new Error(
          `[local-cloud] data directory ${this.dir} is in use by process ${pid} (another local cloud?). Stop it first.`,
        )
      }
    }
    fs.writeFileSync(file, String(process.pid))
    openDirs.add(this.dir)
  }

  private unlock(): void {
    openDirs.delete(this.dir)
    try {
      if (fs.readFileSync(this.lockPath(), 'utf8').trim() === String(process.pid)) fs.unlinkSync(this.lockPath())
    } catch {
      /* already gone */
    }
  }

  private recover(): void {
    const started = Date.now()
    const names = fs.readdirSync(this.dir)
    for (const name of names)
      if (name.endsWith('.tmp') && OWN_FILE.test(name)) fs.rmSync(path.join(this.dir, name), { force: true })
    const snapshots = names
      .map((n) => SNAPSHOT.exec(n))
      .filter((m) => m)
      .map((m) => Number(m![1]))
      .sort((a, b) => b - a)
    const journals = names
      .map((n) => JOURNAL.exec(n))
      .filter((m) => m)
      .map((m) => Number(m![1]))
      .sort((a, b) => a - b)
    const snapshotGen = snapshots[0] ?? null
    const staged = new Map<string, Map<DocId, Doc>>()
    if (snapshotGen !== null) {
      const file = this.snapshotPath(snapshotGen)
      this.snapshotBytes = fs.statSync(file).size
      loadSnapshot(file, staged)
    }
    const fromGen = snapshotGen ?? 0
    const replay = journals.filter((g) => g >= fromGen)
    let records = 0
    let tornBytes = 0
    let torn: { file: string; validEnd: number } | null = null
    for (const gen of replay) {
      const file = this.journalPath(gen)
      // A torn tail is only possible in the journal written last: a later one may exist but must then be empty
      // (a rotation made just before the crash).
      if (torn && fs.statSync(file).size > 0)
        throw new StoreDamageError(torn.file, torn.validEnd, 'a record is incomplete but a later journal holds data')
      const result = replayJournal(file, staged)
      records += result.records
      tornBytes += result.tornBytes
      if (result.tornBytes > 0) torn = { file, validEnd: result.validEnd }
    }
    if (torn) fs.truncateSync(torn.file, torn.validEnd)
    const loaded = Date.now()
    for (const [name, docs] of staged) {
      if (!this.engine.has(name)) this.engine.applyInMemory([{ k: 'create', c: name }])
      this.engine.collection(name).adopt(docs)
    }
    const gen = replay.length ? replay[replay.length - 1]! : fromGen
    this.journal = new JournalWriter(this.journalPath, gen, () => fsyncDir(this.dir))
    this.journal.bytesSinceSnapshot = replay.reduce((sum, g) => sum + fs.statSync(this.journalPath(g)).size, 0)
    fsyncDir(this.dir)
    for (const g of journals) if (g < fromGen) fs.rmSync(this.journalPath(g), { force: true })
    for (const g of snapshots.slice(1)) fs.rmSync(this.snapshotPath(g), { force: true })
    let total = 0
    for (const c of this.engine.collections.values()) total += c.size
    this.report = {
      snapshotGen,
      documents: total,
      journalRecords: records,
      tornBytes,
      millis: Date.now() - started,
      readMillis: loaded - started,
    }
    if (tornBytes > 0)
      console.warn(
        `[local-cloud] recovered ${this.dir}: cut ${tornBytes} byte(s) of an incomplete journal record (a write that was never acknowledged)`,
      )
    this.maybeCompact()
  }

  private maybeCompact(): void {
    const threshold = this.options.compactAfterBytes ?? 64 * 1024 * 1024
    if (this.compacting || this.closed) return
    if (this.journal.bytesSinceSnapshot < Math.max(threshold, this.snapshotBytes / 2)) return
    void this.compact().catch((error) =>
      console.error('[local-cloud] compaction failed (data is safe in the journal):', error),
    )
  }

  /** Writes a snapshot of the current state and drops the journals it covers. */
  compact(): Promise<void> {
    if (this.compacting) return this.compacting.catch(() => {}).then(() => this.compact())
    this.compacting = this.writeSnapshot().finally(() => {
      this.compacting = null
    })
    return this.compacting
  }

  private async writeSnapshot(): Promise<void> {
    const image = [...this.engine.collections.values()].map((c) => ({ name: c.name, docs: [...c.docs.values()] }))
    const oldGen = this.journal.gen
    const gen = this.journal.rotate()
    const tmp = `${this.snapshotPath(gen)}.tmp`
    const fd = fs.openSync(tmp, 'w')
    let bytes = 0
    try {
      const write = async (text: string): Promise<void> => {
        bytes += Buffer.byteLength(text)
        await new Promise<void>((resolve, reject) =>
          fs.write(fd, text, null, 'utf8', (error) => (error ? reject(error) : resolve())),
        )
      }
      let count = 0
      await write(snapshotHeader(gen, image.length))
      for (const { name, docs } of image) {
        await write(withChecksum(`#collection ${JSON.stringify({ name, count: docs.length })}`))
        // Small chunks: encoding yields to the event loop every ~1000 documents, so requests keep flowing.
        for (let i = 0; i < docs.length; i += 1000) {
          let chunk = ''
          for (const doc of docs.slice(i, i + 1000)) chunk += withChecksum(encodeStorage(doc))
          await write(chunk)
          count += Math.min(1000, docs.length - i)
        }
      }
      await write(withChecksum(`#end ${JSON.stringify({ documents: count })}`))
      await new Promise<void>((resolve, reject) => fs.fsync(fd, (error) => (error ? reject(error) : resolve())))
    } finally {
      fs.closeSync(fd)
    }
    fs.renameSync(tmp, this.snapshotPath(gen))
    fsyncDir(this.dir)
    this.snapshotBytes = bytes
    await this.journal.idle()
    this.journal.retireBefore(gen)
    for (let g = oldGen; g >= 0; g--) {
      const j = this.journalPath(g)
      const s = this.snapshotPath(g)
      if (!fs.existsSync(j) && !fs.existsSync(s)) break
      fs.rmSync(j, { force: true })
      fs.rmSync(s, { force: true })
    }
    fsyncDir(this.dir)
  }

  /** Resolves when every write so far is durable. */
  flushed(): Promise<void> {
    return this.journal.idle()
  }

  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    if (this.compacting) await this.compacting.catch(() => {})
    await this.journal.close()
    this.engine.journal = null
    this.unlock()
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

function fsyncDir(dir: string): void {
  const fd = fs.openSync(dir, 'r')
  try {
    fs.fsyncSync(fd)
  } finally {
    fs.closeSync(fd)
  }
}

/** Reads a file as lines without holding more than one chunk of text at a time. */
function forEachLine(
  file: string,
  visit: (line: string, endOffset: number) => boolean | void,
  withOffsets = true,
): void {
  const fd = fs.openSync(file, 'r')
  const buffer = Buffer.allocUnsafe(16 * 1024 * 1024)
  let carry = Buffer.alloc(0)
  let position = 0
  try {
    for (;;) {
      const n = fs.readSync(fd, buffer, 0, buffer.length, null)
      if (n === 0) break
      const data = carry.length ? Buffer.concat([carry, buffer.subarray(0, n)]) : buffer.subarray(0, n)
      const last = data.lastIndexOf(10)
      if (last === -1) {
        carry = Buffer.from(data)
        continue
      }
      // Decode all complete lines at once (a chunk boundary never splits a line, so never a UTF-8 sequence).
      const lines = data.toString('utf8', 0, last).split('\n')
      let offset = position
      for (const line of lines) {
        if (withOffsets) offset += Buffer.byteLength(line) + 1
        if (visit(line, offset) === false) return
      }
      position += last + 1
      carry = Buffer.from(data.subarray(last + 1))
    }
    if (carry.length) visit(carry.toString('utf8'), -1)
  } finally {
    fs.closeSync(fd)
  }
}

function snapshotHeader(gen: number, collections: number): string {
  return withChecksum(`#${SNAPSHOT_FORMAT} ${JSON.stringify({ gen, collections })}`)
}

/**
 * Reads a snapshot into `staged`. Strict (start-up): any line whose checksum fails, a malformed line or a missing
 * end marker throws StoreDamageError. Lenient (repair): such lines are skipped and listed in `skipped`.
 */
function loadSnapshot(file: string, staged: Map<string, Map<DocId, Doc>>, skipped: Damage[] | null = null): number {
  let current: Map<DocId, Doc> | null = null
  let version = 0
  let ended = false
  let count = 0
  let next = 0
  const size = fs.statSync(file).size
  forEachLine(file, (raw, end) => {
    const start = next
    next = end === -1 ? size : end
    const damaged = (why: string): void => {
      if (!skipped) throw new StoreDamageError(file, start, why)
      skipped.push({ file, offset: start, bytes: next - start, why })
    }
    if (version === 0) {
      if (decodeRecordLine(raw)?.startsWith(`#${SNAPSHOT_FORMAT} `)) version = 2
      else if (raw.startsWith(`#${SNAPSHOT_FORMAT_V1} `)) version = 1
      else {
        damaged('not a local-cloud snapshot header')
        version = 2
      }
      return
    }
    const line = version === 1 ? raw : end === -1 ? null : decodeRecordLine(raw)
    if (line === null) {
      // Repair: a damaged line that may have been a collection header — the documents after it are then not put
      // in the previous collection, but left out (and listed) until the next header. A document line holds
      // neither marker outside its strings, where quotes are escaped.
      if (raw.charCodeAt(9) === 0x23 /* # */ || /#collection|collection \{"/.test(raw)) current = null
      return damaged(end === -1 ? 'the last line is incomplete' : 'checksum mismatch')
    }
    if (line.charCodeAt(0) === 0x7b /* { */ && end !== -1) {
      if (!current) return damaged('a document outside any collection')
      const doc = decodeStorage(line) as Doc
      current.set(doc._id as DocId, doc)
      count++
      return
    }
    if (line.startsWith('#collection ')) {
      const { name } = JSON.parse(line.slice('#collection '.length)) as { name: string }
      current = staged.get(name) ?? new Map()
      staged.set(name, current)
      return
    }
    if (line.startsWith('#end ')) {
      ended = true
      return false
    }
    damaged('malformed snapshot line')
  })
  if (!ended) {
    if (!skipped) throw new StoreDamageError(file, fs.statSync(file).size, 'the snapshot has no end marker')
    skipped.push({ file, offset: fs.statSync(file).size, bytes: 0, why: 'no end marker' })
  }
  return count
}

function applyRecord(file: string, json: string, staged: Map<string, Map<DocId, Doc>>): void {
  const { ops } = JSON.parse(json) as { ops: Array<{ k: string; c: string; d?: unknown; id?: DocId }> }
  for (const op of ops) {
    switch (op.k) {
      case 'put': {
        const doc = (json.includes('"$') ? fromStorage(op.d) : op.d) as Doc
        let coll = staged.get(op.c)
        if (!coll) staged.set(op.c, (coll = new Map()))
        coll.set(doc._id as DocId, doc)
        break
      }
      case 'del':
        staged.get(op.c)?.delete((op.id !== null && typeof op.id === 'object' ? fromStorage(op.id) : op.id) as DocId)
        break
      case 'create':
        if (!staged.has(op.c)) staged.set(op.c, new Map())
        break
      case 'drop':
        staged.delete(op.c)
        break
      default:
        throw new Error(`${file}: unknown journal op ${op.k}`)
    }
  }
}

/**
 * Replays one journal. Everything up to the last intact record is applied. What follows may only be a torn tail —
 * the beginning of a record whose write a crash interrupted: bytes without a line end, which are not a whole
 * record with a damaged line end. Anything else (a complete line whose checksum fails, a record cut by a stray
 * line end) is damage: StoreDamageError names the file and the offset, and the file is not touched.
 * The caller truncates a torn tail (`validEnd`) once every journal has been read.
 */
function replayJournal(
  file: string,
  staged: Map<string, Map<DocId, Doc>>,
): { records: number; tornBytes: number; validEnd: number } {
  let records = 0
  let validEnd = 0
  const size = fs.statSync(file).size
  forEachLine(file, (line, end) => {
    if (end === -1) {
      // The tail without a line end. A whole record whose line end was overwritten is not a torn write.
      if (decodeRecordLine(line.slice(0, -1)) !== null)
        throw new StoreDamageError(file, validEnd, 'a complete record has a damaged line end')
      return false
    }
    const json = decodeRecordLine(line)
    if (json === null) throw new StoreDamageError(file, validEnd, 'checksum mismatch in a complete record')
    applyRecord(file, json, staged)
    records++
    validEnd = end
  })
  return { records, tornBytes: size - validEnd, validEnd }
}

export interface Damage {
  file: string
  offset: number
  bytes: number
  why: string
}

export interface RepairReport {
  /** Where the local cloud's files were copied before anything was changed. */
  backupDir: string
  documents: number
  journalRecords: number
  /** What was left out: damaged lines (journal records or snapshot lines) and torn tails. */
  skipped: Damage[]
}

/**
 * `npm run db:repair`: for a directory that start-up refused. Copies every snapshot and journal to
 * `<dir>/damaged-<time>/`, then reads them leniently — every snapshot line and journal record whose checksum holds
 * is kept, including the records after a damaged one (each is whole on its own; a damaged record's change is lost
 * and listed) — and writes the result as one new snapshot, replacing the old files. Refuses while in use.
 */
export function repairDataDir(dir: string, now: Date = new Date()): RepairReport {
  const resolved = checkDataDirPath(dir)
  const lock = path.join(resolved, 'LOCK')
  if (fs.existsSync(lock)) {
    const pid = Number(fs.readFileSync(lock, 'utf8').trim())
    if (openDirs.has(resolved) || (pid && pid !== process.pid && isAlive(pid)))
      throw new Error(`[local-cloud] ${resolved} is in use by process ${pid}; stop it first`)
  }
  const names = fs.readdirSync(resolved)
  const gens = (re: RegExp) =>
    names
      .map((n) => re.exec(n))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => Number(m[1]))
      .sort((a, b) => a - b)
  const snapshots = gens(SNAPSHOT)
  const journals = gens(JOURNAL)
  const backupDir = path.join(resolved, `damaged-${now.toISOString().replace(/[:.]/g, '-')}`)
  fs.mkdirSync(backupDir)
  for (const name of names)
    if (SNAPSHOT.test(name) || JOURNAL.test(name))
      fs.copyFileSync(path.join(resolved, name), path.join(backupDir, name))
  fsyncDir(backupDir)

  const staged = new Map<string, Map<DocId, Doc>>()
  const skipped: Damage[] = []
  const snapshotGen = snapshots.length ? snapshots[snapshots.length - 1]! : null
  if (snapshotGen !== null) loadSnapshot(path.join(resolved, `snapshot-${pad(snapshotGen)}.jsonl`), staged, skipped)
  let journalRecords = 0
  for (const gen of journals.filter((g) => g >= (snapshotGen ?? 0))) {
    const file = path.join(resolved, `journal-${pad(gen)}.log`)
    let start = 0
    forEachLine(file, (line, end) => {
      const json = end === -1 ? null : decodeRecordLine(line)
      const stop = end === -1 ? fs.statSync(file).size : end
      if (json === null)
        skipped.push({ file, offset: start, bytes: stop - start, why: end === -1 ? 'torn tail' : 'checksum mismatch' })
      else {
        applyRecord(file, json, staged)
        journalRecords++
      }
      start = stop
    })
  }

  const gen = Math.max(snapshotGen ?? 0, ...journals) + 1
  const target = path.join(resolved, `snapshot-${pad(gen)}.jsonl`)
  const fd = fs.openSync(`${target}.tmp`, 'w')
  let documents = 0
  try {
    fs.writeSync(fd, snapshotHeader(gen, staged.size))
    for (const [name, docs] of staged) {
      fs.writeSync(fd, withChecksum(`#collection ${JSON.stringify({ name, count: docs.size })}`))
      let chunk = ''
      for (const doc of docs.values()) {
        chunk += withChecksum(encodeStorage(doc))
        if (chunk.length > 1 << 20) {
          fs.writeSync(fd, chunk)
          chunk = ''
        }
      }
      fs.writeSync(fd, chunk)
      documents += docs.size
    }
    fs.writeSync(fd, withChecksum(`#end ${JSON.stringify({ documents })}`))
    fs.fsyncSync(fd)
  } finally {
    fs.closeSync(fd)
  }
  fs.renameSync(`${target}.tmp`, target)
  fsyncDir(resolved)
  for (const g of snapshots) fs.rmSync(path.join(resolved, `snapshot-${pad(g)}.jsonl`), { force: true })
  for (const g of journals) fs.rmSync(path.join(resolved, `journal-${pad(g)}.log`), { force: true })
  fsyncDir(resolved)
  return { backupDir, documents, journalRecords, skipped }
}
