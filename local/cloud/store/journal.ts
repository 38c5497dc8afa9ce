/**
 * The write-ahead journal: one line per applied batch, `<crc32 hex> <json>\n`, appended in apply order and
 * acknowledged only after fdatasync. Concurrent appends share one write + fsync (group commit). A torn tail
 * (crash mid-write) fails its checksum and is cut off at recovery; nothing before it is affected.
 */
import fs from 'node:fs'
import zlib from 'node:zlib'
import { encodeStorage } from '../codec'
import type { Journal, Op } from './engine'

interface Pending {
  gen: number
  line: string
  resolve: () => void
  reject: (error: Error) => void
}

export function encodeRecord(ops: Op[]): string {
  const parts = ops.map((op) => {
    switch (op.k) {
      case 'put':
        return `{"k":"put","c":${JSON.stringify(op.c)},"d":${encodeStorage(op.d)}}`
      case 'del':
        return `{"k":"del","c":${JSON.stringify(op.c)},"id":${encodeStorage(op.id)}}`
      default:
        return JSON.stringify(op)
    }
  })
  const json = `{"ops":[${parts.join(',')}]}`
  return `${checksum(json)} ${json}\n`
}

export function checksum(text: string): string {
  return zlib.crc32(text).toString(16).padStart(8, '0')
}

/** Parses one journal line; null when torn or corrupt. */
export function decodeRecordLine(line: string): string | null {
  if (line.length < 10 || line[8] !== ' ') return null
  const json = line.slice(9)
  return checksum(json) === line.slice(0, 8) ? json : null
}

export class JournalWriter implements Journal {
  private readonly fds = new Map<number, number>()
  private queue: Pending[] = []
  private flushing = false
  private scheduled = false
  private failure: Error | null = null
  private idleWaiters: Array<() => void> = []
  bytesSinceSnapshot = 0

  constructor(
    private readonly pathFor: (gen: number) => string,
    private currentGen: number,
    private readonly onDirChange: () => void,
  ) {
    this.fds.set(currentGen, fs.openSync(pathFor(currentGen), 'a'))
  }

  get gen(): number {
    return this.currentGen
  }

  append(ops: Op[]): Promise<void> {
    if (this.failure) return Promise.reject(this.failure)
    const line = encodeRecord(ops)
    this.bytesSinceSnapshot += line.length
    return new Promise((resolve, reject) => {
      this.queue.push({ gen: this.currentGen, line, resolve, reject })
      this.schedule()
    })
  }

  /** Starts journal `gen + 1`: appends from now on go there. Synchronous, so it marks an exact point. */
  rotate(): number {
    const next = this.currentGen + 1
    this.fds.set(next, fs.openSync(this.pathFor(next), 'a'))
    this.onDirChange()
    this.currentGen = next
    this.bytesSinceSnapshot = 0
    return next
  }

  /** Resolves when everything appended so far is durable. */
  idle(): Promise<void> {
    if (!this.flushing && this.queue.length === 0) return Promise.resolve()
    return new Promise((resolve) => this.idleWaiters.push(resolve))
  }

  /** Closes journals older than `gen` (their content is in a durable snapshot). */
  retireBefore(gen: number): void {
    for (const [g, fd] of this.fds) {
      if (g < gen) {
        fs.closeSync(fd)
        this.fds.delete(g)
      }
    }
  }

  async close(): Promise<void> {
    await this.idle()
    for (const fd of this.fds.values()) fs.closeSync(fd)
    this.fds.clear()
    this.failure = new Error('journal closed')
  }

  private schedule(): void {
    if (this.scheduled || this.flushing) return
    this.scheduled = true
    setImmediate(() => {
      this.scheduled = false
      void this.flush()
    })
  }

  private async flush(): Promise<void> {
    if (this.flushing) return
    this.flushing = true
    while (this.queue.length > 0 && !this.failure) {
      const batch = this.queue
      this.queue = []
      try {
        const byGen = new Map<number, string[]>()
        for (const item of batch) {
          const lines = byGen.get(item.gen) ?? []
          lines.push(item.line)
          byGen.set(item.gen, lines)
        }
        for (const [gen, lines] of [...byGen].sort((a, b) => a[0] - b[0])) {
          const fd = this.fds.get(gen)
          if (fd === undefined) throw new Error(`journal ${gen} is not open`)
          await writeAll(fd, Buffer.from(lines.join(''), 'utf8'))
          await new Promise<void>((resolve, reject) => fs.fdatasync(fd, (error) => (error ? reject(error) : resolve())))
        }
        for (const item of batch) item.resolve()
      } catch (error) {
        this.failure = new Error(
          `[local-cloud] journal write failed, refusing further writes: ${(error as Error).message}`,
        )
        console.error(this.failure.message)
        for (const item of [...batch, ...this.queue]) item.reject(this.failure)
        this.queue = []
      }
    }
    this.flushing = false
    const waiters = this.idleWaiters
    this.idleWaiters = []
    for (const w of waiters) w()
  }
}

function writeAll(fd: number, buffer: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const step = (offset: number): void => {
      if (offset >= buffer.length) return resolve()
      fs.write(fd, buffer, offset, buffer.length - offset, null, (error, written) =>
        error ? reject(error) : step(offset + written),
      )
    }
    step(0)
  })
}
