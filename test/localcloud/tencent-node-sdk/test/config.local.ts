/**
 * Connection shim (replaces upstream's test/config.local.js, which held placeholder credentials): the env id and
 * credential of the local cloud. Where requests go is set by shim/setup.ts (TCB_CONTEXT_CNFG).
 */
import { LOCAL_ENV_ID, LOCAL_SECRET_ID, LOCAL_SECRET_KEY } from '../../../../local/cloud/env'

export const env = LOCAL_ENV_ID
export const secretId = LOCAL_SECRET_ID
export const secretKey = LOCAL_SECRET_KEY
