import { applyCloudEnv, startLocalCloud, type LocalCloud } from '../../local/cloud'

/**
 * An in-memory local cloud for one test file, with its env applied so that the real wx-server-sdk — loaded by
 * the function modules the test imports afterwards — talks to it.
 */
export async function startTestCloud(): Promise<LocalCloud> {
  const cloud = await startLocalCloud()
  applyCloudEnv(cloud.env)
  return cloud
}
