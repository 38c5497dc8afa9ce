/**
 * Export / import in the CloudBase console's JSON Lines format: one file per collection (<name>.json), one
 * document per line, BSON types as relaxed Extended JSON (dates as {"$date": "…ISO…"}). The console's
 * 数据库 → 导入 accepts these files as they are (choose "JSON" and the Insert or Upsert mode).
 */
import fs from 'node:fs'
import path from 'node:path'
import { EJSON } from 'bson'
import { fromStorage, type Doc } from './codec'
import type { DocId } from './store/collection'
import type { Engine, Op } from './store/engine'
import { prepareInsert } from './update'

export function exportCollections(engine: Engine, outDir: string, only?: string[]): Record<string, number> {
  fs.mkdirSync(outDir, { recursive: true })
  const counts: Record<string, number> = {}
  for (const coll of engine.collections.values()) {
    if (only && !only.includes(coll.name)) continue
    const file = path.join(outDir, `${coll.name}.json`)
    const fd = fs.openSync(`${file}.tmp`, 'w')
    try {
      let chunk = ''
      for (const doc of coll.docs.values()) {
        chunk += `${EJSON.stringify(doc, { relaxed: true })}\n`
        if (chunk.length > 1 << 20) {
          fs.writeSync(fd, chunk)
          chunk = ''
        }
      }
      fs.writeSync(fd, chunk)
    } finally {
      fs.closeSync(fd)
    }
    fs.renameSync(`${file}.tmp`, file)
    counts[coll.name] = coll.size
  }
  return counts
}

export type ImportMode = 'insert' | 'upsert'

/** Imports every <collection>.json of a directory; a line that fails to parse aborts that file before writing. */
export async function importCollections(
  engine: Engine,
  inDir: string,
  mode: ImportMode,
): Promise<Record<string, number>> {
  const counts: Record<string, number> = {}
  const files = fs.readdirSync(inDir).filter((f) => f.endsWith('.json') || f.endsWith('.jsonl'))
  for (const file of files) {
    const name = file.replace(/\.jsonl?$/, '')
    const docs: Doc[] = []
    fs.readFileSync(path.join(inDir, file), 'utf8')
      .split('\n')
      .forEach((line, i) => {
        if (line.trim() === '') return
        let value: unknown
        try {
          value = fromStorage(EJSON.parse(line, { relaxed: true }))
        } catch (error) {
          throw new Error(`${file}:${i + 1}: not valid Extended JSON: ${(error as Error).message}`)
        }
        docs.push(prepareInsert(value))
      })
    if (!engine.has(name)) await engine.apply([{ k: 'create', c: name }])
    const coll = engine.collection(name)
    if (mode === 'insert') {
      const clash = docs.find((d) => coll.get(d._id as DocId))
      if (clash)
        throw new Error(
          `${file}: a document with _id ${JSON.stringify(clash._id)} already exists (use --mode upsert to replace)`,
        )
    }
    for (let i = 0; i < docs.length; i += 10_000) {
      await engine.apply(docs.slice(i, i + 10_000).map((d): Op => ({ k: 'put', c: name, d })))
    }
    counts[name] = docs.length
  }
  return counts
}
