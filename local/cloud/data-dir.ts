/** DATA_DIR as the scripts read it: unset → `.data`; set but empty → an error, never the current directory. */
import path from 'node:path'
import { checkDataDirPath } from './store/persistence'

export function dataDirFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  const raw = env.DATA_DIR
  if (raw !== undefined && raw.trim() === '')
    throw new Error('DATA_DIR is set but empty; unset it to use .data, or give a directory')
  return checkDataDirPath(path.resolve(raw ?? '.data'))
}
