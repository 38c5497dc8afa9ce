/**
 * Records the size of every setData payload the built bundle sends, the way WeChat would serialise it (JSON, in
 * UTF-8 bytes) — page instances and Taro's custom-wrapper components alike. Install after `startMiniProgram` and
 * before `openPage`: it wraps the `Component` constructor (the host's Page shim goes through it), so every
 * instance created afterwards reports from its `created` lifetime on.
 */
export interface SetDataRecord {
  /** The page route or component path that sent it ('' when the instance has none). */
  owner: string
  bytes: number
  keys: number
}

/** WeChat's guidance: keep one setData payload under 256 KB (the hard limit is 1024 KB). */
export const SETDATA_GUIDANCE_BYTES = 256 * 1024

export const payloadBytes = (data: unknown): number => Buffer.byteLength(JSON.stringify(data) ?? '', 'utf8')

type Definition = { lifetimes?: { created?: (this: Instance) => void }; [key: string]: unknown }
type Instance = { setData: (data: Record<string, unknown>, callback?: () => void) => void; route?: string; is?: string }

export function recordSetData(): { records: SetDataRecord[]; largest(): SetDataRecord | undefined; restore(): void } {
  const globals = globalThis as unknown as { Component: (definition: Definition) => unknown }
  const original = globals.Component
  const records: SetDataRecord[] = []
  globals.Component = (definition: Definition) => {
    const created = definition.lifetimes?.created
    return original({
      ...definition,
      lifetimes: {
        ...definition.lifetimes,
        created(this: Instance) {
          const setData = this.setData
          this.setData = (data, callback) => {
            records.push({
              owner: this.route ?? this.is ?? '',
              bytes: payloadBytes(data),
              keys: Object.keys(data ?? {}).length,
            })
            return setData.call(this, data, callback)
          }
          created?.call(this)
        },
      },
    })
  }
  return {
    records,
    largest: () =>
      records.reduce<SetDataRecord | undefined>((max, r) => (!max || r.bytes > max.bytes ? r : max), undefined),
    restore: () => {
      globals.Component = original
    },
  }
}
