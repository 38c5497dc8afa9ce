import { cloud } from './cloud'

/**
 * Mini-program codes (小程序码) for invitations. In CloudBase: `cloud.openapi.wxacode.getUnlimited`, which needs
 * the openapi permission `wxacode.getUnlimited` declared in the function's config.json. Offline (local server,
 * tests) there is no WeChat openapi, so a stub answers `null` and the page shows the code as text only.
 */
export interface MiniProgramCodeMaker {
  /** A PNG data URL for `page?scene=<scene>`, or null when none can be made here. */
  make(scene: string, page: string): Promise<string | null>
}

interface OpenapiResult {
  contentType?: string
  buffer?: Buffer | Uint8Array
}

export const cloudCodeMaker: MiniProgramCodeMaker = {
  async make(scene, page) {
    const openapi = (
      cloud as unknown as { openapi?: { wxacode?: { getUnlimited(args: object): Promise<OpenapiResult> } } }
    ).openapi
    if (!openapi?.wxacode) return null
    const result = await openapi.wxacode.getUnlimited({ scene, page, checkPath: false, width: 430 })
    if (!result.buffer) return null
    return `data:${result.contentType ?? 'image/png'};base64,${Buffer.from(result.buffer).toString('base64')}`
  },
}

export const localCodeMaker: MiniProgramCodeMaker = {
  async make() {
    return null
  },
}

/** SCF (CloudBase's runtime) sets TENCENTCLOUD_RUNENV=SCF; anywhere else we are offline. */
export function codeMaker(env: NodeJS.ProcessEnv = process.env): MiniProgramCodeMaker {
  return env.TENCENTCLOUD_RUNENV === 'SCF' ? cloudCodeMaker : localCodeMaker
}
