/**
 * The document-id schema alone, so that a contract needing only ids does not pull shapes.ts (and with it the
 * settings table) into its function's bundle: imports is within a few KB of the bundle budget.
 */
import { text } from '../schema'

/** Document ids as this app makes them: letters, digits, _ and - (never an object, never an operator). */
export const id = text()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, '编号格式不正确')
