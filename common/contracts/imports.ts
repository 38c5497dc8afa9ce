import { defineAction, defineFunction } from '../contract'
import { ROSTER_KEEPERS, SUPERVISORS } from '../roles'
import { text, z } from '../schema'
import { id } from './shapes'

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
    summary: '预览一份填好的花名册：逐行列出问题（身份证校验位、手机号、网格、同一人重复、党员在两个支部），不写入',
    roles: ROSTER_KEEPERS,
    scope: 'village',
    input: z.object({ villageId: id, kind, file }),
    output: z.object({
      total: z.number().int(),
      ready: z.number().int().describe('没有问题、可以导入的行数'),
      updates: z.number().int().describe('其中已在花名册中（按身份证号匹配）、导入时更新的人数'),
      sheetProblems: z.array(z.string()),
      rows: z.array(rowProblems).describe('有问题的行（最多 500 行）'),
    }),
    errors: ['FAILED_PRECONDITION'],
  }),
  commit: defineAction({
    summary:
      '导入没有问题的行（党员花名册、村民代表、户籍）：按身份证号的加盐散列匹配，已有的人更新、没有的新增；每次最多一批，返回下一批的起点，中断后从该处续导',
    roles: ROSTER_KEEPERS,
    scope: 'village',
    audit: 'write',
    input: z.object({
      villageId: id,
      kind: z.enum(['party', 'representatives', 'households']),
      file,
      fromLine: z.number().int().min(1).max(1_000_000).optional().describe('从这一行起（上一批返回的 nextLine）'),
    }),
    output: z.object({
      created: z.number().int(),
      updated: z.number().int(),
      skipped: z.number().int().describe('有问题而未导入的行'),
      nextLine: z.number().int().optional().describe('还有下一批时给出'),
    }),
    errors: ['FAILED_PRECONDITION'],
  }),
})
