/**
 * An ordered multiset of index entries kept as a list of sorted blocks (the idea of Python's sortedcontainers):
 * O(log n) search, cheap inserts and deletes (a splice inside one block of at most BLOCK_MAX entries), in-order
 * range scans in both directions, and a fast bulk load from a sorted array at start-up.
 *
 * An entry is `[value1, …, valueN, id]`: the id as last component makes every entry unique.
 */
import { compareKeys, compareValues } from './compare'

export type Entry = unknown[]

const BLOCK_MAX = 512

function compareEntries(a: Entry, b: Entry): number {
  const n = a.length < b.length ? a.length : b.length
  for (let i = 0; i < n; i++) {
    const x = a[i]
    const y = b[i]
    if (x === y) continue
    const c = compareValues(x, y)
    if (c !== 0) return c
  }
  return a.length - b.length
}

export interface Bound {
  key: readonly unknown[]
  inclusive: boolean
}

export class SortedIndex {
  private blocks: Entry[][] = []
  private size_ = 0

  get size(): number {
    return this.size_
  }

  /** Replaces the content with entries, which must already be sorted (see `sortEntries`). */
  load(sorted: Entry[]): void {
    this.blocks = []
    for (let i = 0; i < sorted.length; i += BLOCK_MAX / 2) this.blocks.push(sorted.slice(i, i + BLOCK_MAX / 2))
    this.size_ = sorted.length
  }

  insert(entry: Entry): void {
    if (this.blocks.length === 0) {
      this.blocks.push([entry])
      this.size_ = 1
      return
    }
    const b = this.blockFor(entry)
    const block = this.blocks[b]!
    block.splice(upperBoundIn(block, entry), 0, entry)
    this.size_++
    if (block.length > BLOCK_MAX) this.blocks.splice(b + 1, 0, block.splice(block.length >> 1))
  }

  remove(entry: Entry): boolean {
    if (this.blocks.length === 0) return false
    const b = this.blockFor(entry)
    const block = this.blocks[b]!
    const i = lowerBoundIn(block, entry)
    if (i >= block.length || compareEntries(block[i]!, entry) !== 0) return false
    block.splice(i, 1)
    this.size_--
    if (block.length === 0) this.blocks.splice(b, 1)
    return true
  }

  /** Entries whose first `key.length` components lie between the bounds, ascending or descending. */
  *range(lower: Bound | null, upper: Bound | null, reverse = false): Generator<Entry> {
    if (this.blocks.length === 0) return
    const aboveLower = (e: Entry): boolean => {
      if (!lower) return true
      const c = compareKeys(e, lower.key, [], lower.key.length)
      return lower.inclusive ? c >= 0 : c > 0
    }
    const belowUpper = (e: Entry): boolean => {
      if (!upper) return true
      const c = compareKeys(e, upper.key, [], upper.key.length)
      return upper.inclusive ? c <= 0 : c < 0
    }
    if (!reverse) {
      let [b, i] = lower ? this.seekFirst(aboveLower) : [0, 0]
      for (; b < this.blocks.length; b++, i = 0) {
        const block = this.blocks[b]!
        for (; i < block.length; i++) {
          const e = block[i]!
          if (!belowUpper(e)) return
          yield e
        }
      }
    } else {
      let [b, i] = upper
        ? this.seekLast(belowUpper)
        : [this.blocks.length - 1, this.blocks[this.blocks.length - 1]!.length - 1]
      for (; b >= 0; b--) {
        const block = this.blocks[b]!
        if (i === Infinity) i = block.length - 1
        for (; i >= 0; i--) {
          const e = block[i]!
          if (!aboveLower(e)) return
          yield e
        }
        i = Infinity
      }
    }
  }

  private blockFor(entry: Entry): number {
    let lo = 0
    let hi = this.blocks.length - 1
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      const block = this.blocks[mid]!
      if (compareEntries(block[block.length - 1]!, entry) < 0) lo = mid + 1
      else hi = mid
    }
    return lo
  }

  /** First position where `pred` holds, `pred` being monotone (false… then true…). */
  private seekFirst(pred: (e: Entry) => boolean): [number, number] {
    let lo = 0
    let hi = this.blocks.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      const block = this.blocks[mid]!
      if (pred(block[block.length - 1]!)) hi = mid
      else lo = mid + 1
    }
    if (lo === this.blocks.length) return [lo, 0]
    const block = this.blocks[lo]!
    let a = 0
    let z = block.length
    while (a < z) {
      const mid = (a + z) >> 1
      if (pred(block[mid]!)) z = mid
      else a = mid + 1
    }
    return [lo, a]
  }

  /** Last position where `pred` holds, `pred` being monotone (true… then false…). */
  private seekLast(pred: (e: Entry) => boolean): [number, number] {
    let lo = 0
    let hi = this.blocks.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (pred(this.blocks[mid]![0]!)) lo = mid + 1
      else hi = mid
    }
    const b = lo - 1
    if (b < 0) return [-1, -1]
    const block = this.blocks[b]!
    let a = 0
    let z = block.length
    while (a < z) {
      const mid = (a + z) >> 1
      if (pred(block[mid]!)) a = mid + 1
      else z = mid
    }
    return [b, a - 1]
  }
}

function lowerBoundIn(block: Entry[], entry: Entry): number {
  let lo = 0
  let hi = block.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (compareEntries(block[mid]!, entry) < 0) lo = mid + 1
    else hi = mid
  }
  return lo
}

function upperBoundIn(block: Entry[], entry: Entry): number {
  let lo = 0
  let hi = block.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (compareEntries(block[mid]!, entry) <= 0) lo = mid + 1
    else hi = mid
  }
  return lo
}

export function sortEntries(entries: Entry[]): Entry[] {
  return entries.sort(compareEntries)
}
