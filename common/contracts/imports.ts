import { defineAction, defineFunction } from '../contract'
import { ROSTER_KEEPERS, SUPERVISORS } from '../roles'
import { text, z } from '../schema'
import { id } from './ids'

const kind = z
  .enum(['party', 'households', 'representatives', 'grids'])
  .describe('party 党员花名册 / households 户籍（农户） / representatives 村民代表 / grids 网格与联户')

/** The filled workbook: in CloudBase a cloud-storage fileID (wx.cloud.uploadFile); locally its bytes in base64. */
const file = z.union([
  z.object({ fileID: text().min(1).max(512) }),
  z.object({
    base64: z
      .string()
      .min(1)
      .max(4_000_000)
      .regex(/^[A-Za-z0-9+/]+={0,2}$/, '文件内容格式不正确')
      .describe('本地运行时直接提交文件内容（不超过约 3 MB）'),
  }),
])

const stageId = z
  .string()
  .max(24)
  .regex(/^[a-f0-9]{24}$/, '导入编号格式不正确')
  .describe('preview 给出的 stage.stageId')

const rowProblems = z.object({ line: z.number().int(), name: z.string(), problems: z.array(z.string()) })

export const importsContract = defineFunction('imports', '花名册导入：Excel 模板、预览（逐行检查）、分批写入', {
  template: defineAction({
    summary: '下载一种花名册的 Excel 模板（中文表头、一行示例、填写说明）',
    roles: [...ROSTER_KEEPERS, ...SUPERVISORS],
    scope: 'village',
    input: z.object({ villageId: id, kind }),
    output: z.object({ fileName: z.string(), base64: z.string() }),
  }),
  preview: defineAction({
    summary:
      '预览一份填好的花名册：逐行列出问题（身份证校验位、手机号、网格、同一人重复、党员在两个支部、联户的户和党员），不写入花名册；没有问题的行读好后分批暂存，供导入时逐批写入。还没有网格的新村，第一份花名册中的网格导入时新建；乡镇、县级管理员也可导入各村报来的花名册',
    roles: [...ROSTER_KEEPERS, ...SUPERVISORS],
    scope: 'village',
    input: z.object({ villageId: id, kind, file }),
    output: z.object({
      total: z.number().int(),
      ready: z.number().int().describe('没有问题、可以导入的行数'),
      updates: z.number().int().describe('其中已在花名册中（按身份证号匹配）、导入时更新的人数（户籍：户数）'),
      sheetProblems: z.array(z.string()),
      rows: z.array(rowProblems).describe('有问题的行（最多 500 行）'),
      newGrids: z.array(z.string()).describe('本村还没有、导入时新建的网格（网格与联户；或新村的第一份花名册）'),
      stage: z
        .object({
          stageId: z.string(),
          chunks: z.number().int().describe('导入时分几批'),
          resumeChunk: z.number().int().optional().describe('同一文件上次导入中断：从这一批继续'),
          resumeLine: z.number().int().optional().describe('上次中断处的行号'),
        })
        .optional()
        .describe('有可以导入的行时给出：commit 按它逐批写入'),
    }),
    errors: ['FAILED_PRECONDITION'],
  }),
  commit: defineAction({
    summary:
      '导入预览暂存的一批（党员花名册、村民代表、户籍、网格与联户）：按身份证号的加盐散列匹配，已有的人更新、没有的新增；网格没有的新建，联户关系按表设置；每次一批，返回下一批，中断后从该批续导；最后一批写完才算导入完成',
    roles: [...ROSTER_KEEPERS, ...SUPERVISORS],
    scope: 'village',
    audit: 'write',
    input: z.object({
      villageId: id,
      stageId,
      chunk: z.number().int().min(0).max(100_000).describe('第几批（从 0 起；上一批返回的 nextChunk）'),
    }),
    output: z.object({
      created: z.number().int(),
      updated: z.number().int(),
      skipped: z.number().int().describe('有问题而未导入的行'),
      links: z.number().int().optional().describe('网格与联户：设置的联户关系数'),
      nextChunk: z.number().int().optional().describe('还有下一批时给出'),
      nextLine: z.number().int().optional().describe('下一批从第几行起'),
      done: z.boolean().describe('全部批次已写入：导入完成'),
    }),
    errors: ['FAILED_PRECONDITION', 'NOT_FOUND'],
  }),
  discard: defineAction({
    summary:
      '放弃这次导入：删去预览暂存的行（已经写入花名册的不受影响，改好后可重新选择文件导入）；7 天没有动过的暂存也会自动删去',
    roles: ROSTER_KEEPERS,
    scope: 'village',
    audit: 'write',
    input: z.object({ villageId: id, stageId }),
    output: z.object({ discarded: z.boolean().describe('删去了暂存；已经没有暂存（删过或已清理）时为 false') }),
  }),
  sweepStages: defineAction({
    summary:
      '清理导入暂存（云端由定时触发器每天调用）：删去 7 天没有动过的暂存（预览后放着没导入、导入中断后没再继续）',
    roles: ['county_organiser'],
    scope: 'county',
    input: z.object({}),
    output: z.object({ removed: z.number().int().describe('删去的暂存导入（次）') }),
  }),
  export: defineAction({
    summary:
      '把本村的一种花名册导出为 Excel（表头与模板相同）；手机号、身份证后四位、户号与家庭人口按个人信息表对导出人的角色显示',
    roles: [...ROSTER_KEEPERS, ...SUPERVISORS],
    scope: 'village',
    audit: 'personal-read',
    input: z.object({ villageId: id, kind }),
    output: z.object({ fileName: z.string(), base64: z.string(), rows: z.number().int() }),
  }),
})
