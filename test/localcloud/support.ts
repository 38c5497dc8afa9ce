/** Starts a local cloud and loads the real wx-server-sdk against it (once per test file: the SDK is a singleton). */
import http from 'node:http'
import path from 'node:path'
import { applyCloudEnv, startLocalCloud, type LocalCloud, type LocalCloudOptions } from '../../local/cloud'

export const FIXTURE_INDEXES = path.join(__dirname, 'fixtures', 'indexes.json')

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Sdk = any

export interface Harness {
  cloud: LocalCloud
  sdk: Sdk
  db: Sdk
}

export async function startWithSdk(options: LocalCloudOptions = {}): Promise<Harness> {
  const cloud = await startLocalCloud({ indexesFile: FIXTURE_INDEXES, ...options })
  applyCloudEnv(cloud.env)
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const sdk = require('wx-server-sdk')
  sdk.init({ env: sdk.DYNAMIC_CURRENT_ENV })
  return { cloud, sdk, db: sdk.database() }
}

/** The error a promise rejects with (fails the test when it resolves). */
export async function rejection(
  promise: Promise<unknown>,
): Promise<{ errCode?: number; errMsg?: string; message?: string; code?: string }> {
  try {
    await promise
  } catch (error) {
    return error as { errCode?: number; errMsg?: string }
  }
  throw new Error('expected the call to fail, but it succeeded')
}

/** Posts a raw request body to the endpoint, signed with the local credential id as the SDK does. */
export function post(
  url: string,
  body: unknown,
  raw?: string,
  headers: Record<string, string> = {},
): Promise<Record<string, unknown>> {
  const text = raw ?? JSON.stringify(body)
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${url}/admin`,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: 'TC3-HMAC-SHA256 Credential=AKIDlocalcloud/x',
          ...headers,
        },
      },
      (res) => {
        let data = ''
        res.on('data', (c) => (data += c))
        res.on('end', () => resolve(JSON.parse(data) as Record<string, unknown>))
      },
    )
    req.on('error', reject)
    req.end(text)
  })
}
