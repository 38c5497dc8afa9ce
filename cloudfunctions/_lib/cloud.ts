import sdk from 'wx-server-sdk'
import { gatedCloud } from './gate'

// DYNAMIC_CURRENT_ENV: in CloudBase, the environment the function is deployed in; locally, the local cloud
// (reached through the TCB_* variables that local/ sets before any function is loaded). The SDK's .d.ts types
// the constant as a symbol but `init` as taking strings, hence the cast.
sdk.init({ env: sdk.DYNAMIC_CURRENT_ENV as unknown as string })

/** Its storage, openapi and function calls wait for the running call's access check (./gate.ts). */
export const cloud = gatedCloud(sdk)
export const db = sdk.database()
export type Database = typeof db

/**
 * The SDK's .d.ts types every `get()` as `Promise<result> | void | string` (for its callback overloads); these
 * helpers give the promise form its real type.
 */
export async function getDocs<T>(query: { get(): unknown }): Promise<T[]> {
  const result = (await query.get()) as { data: T[] }
  return result.data
}
