import { deidentify, findSensitive, hasSensitive, type SensitiveKind } from './deidentify'

// [text, expected masked text, kinds found in order]
const MASKED: [string, string, SensitiveKind[]][] = [
  [
    '张建国，身份证号411329198001011234，申请宅基地。',
    '张建国，身份证号**************1234，申请宅基地。',
    ['id_number'],
  ],
  ['李秀兰 41132919750312002X 低保户', '李秀兰 **************002X 低保户', ['id_number']],
  ['身份证：41132919750312002x', '身份证：**************002X', ['id_number']],
  ['老身份证411329750312002，已换领', '老身份证***********2002，已换领', ['id_number']],
  ['联系人王强，手机13838776655', '联系人王强，手机138****6655', ['mobile']],
  ['电话 138-3877-6655 或 159 3771 2233', '电话 138****6655 或 159****2233', ['mobile', 'mobile']],
  ['请拨+86 13838776655咨询', '请拨138****6655咨询', ['mobile']],
  ['村委会电话0377-66221234', '村委会电话037*****1234', ['landline']],
  ['座机（0377）6622 1234转8', '座机037*****1234', ['landline']],
  ['值班电话：6622123', '值班电话：***2123', ['landline']],
  ['补助打入银行卡6222021234567890123', '补助打入银行卡***************0123', ['bank_account']],
  ['卡号 6217 0000 1234 5678 901', '卡号 ***************8901', ['bank_account']],
  ['合作社对公账号：41050166123400000123', '合作社对公账号：****************0123', ['bank_account']],
  ['账户为 622848 0012 3456 7812', '账户为 **************7812', ['bank_account']],
  ['户主刘大海，住王庄村三组18号', '户主刘大海，住王庄村三组**号', ['address']],
  ['现住新野县城关镇人民路128号', '现住新野县城关镇人民路***号', ['address']],
  ['幸福小区5号楼2单元301室', '幸福小区*号楼*单元***室', ['address']],
  ['书院路东巷7号院3栋', '书院路东巷*号院*栋', ['address']],
  ['门牌号：46', '门牌号：**', ['address']],
  [
    '经审核，赵小花（身份证411329198512153321，电话15937712345）家住后河村二组9号，补助2000元打入6228480012345678901。',
    '经审核，赵小花（身份证**************3321，电话159****2345）家住后河村二组*号，补助2000元打入***************8901。',
    ['id_number', 'mobile', 'address', 'bank_account'],
  ],
]

// Numbers that must survive untouched
const UNTOUCHED: string[] = [
  '修路预算共计1280000元，其中县级补助50万元。',
  '彩礼不超过¥30,000，每桌不超过300元。',
  '集体收入1,234,567.89元，同比增长12.5%。',
  '会议于2023年5月13日召开，表决时间2023-05-16至2023-05-19。',
  '文件编号20230513，第3号公告。',
  '新政文〔2023〕12号文件精神',
  '应到66人，实到50人，赞成40票，反对6票，弃权3票。',
  '全村2000户，6800人，耕地12000亩。',
  '三组、四组共38户参与，一组长张三。',
  '2021年6月起线上运用，累计议事120多项。',
  '涉及土地面积135.5亩，补偿标准每亩13800元。',
  '2023年第12号通知',
  '支付金额13838776655元',
]

describe('deidentify: what must be masked', () => {
  it.each(MASKED)('%s', (text, expected, kinds) => {
    const r = deidentify(text)
    expect(r.text).toBe(expected)
    expect(r.masked.map((m) => m.kind)).toEqual(kinds)
    for (const m of r.masked) {
      expect(text.slice(m.start, m.end)).toBe(m.original)
      expect(m.label).toMatch(/[\u4e00-\u9fa5]/)
    }
    // masking is complete: nothing left to find
    expect(hasSensitive(r.text)).toBe(false)
  })
})

describe('deidentify: numbers that are not personal data', () => {
  it.each(UNTOUCHED)('%s', (text) => {
    expect(findSensitive(text)).toEqual([])
    expect(deidentify(text).text).toBe(text)
  })
})

describe('deidentify options and shape', () => {
  it('keeps numbers the publisher marks as public (the service centre phone)', () => {
    const text = '咨询请拨党群服务中心0377-66221234，或联系13838776655'
    const r = deidentify(text, { keep: ['0377 66221234'] })
    expect(r.text).toBe('咨询请拨党群服务中心0377-66221234，或联系138****6655')
    expect(r.masked).toHaveLength(1)
  })

  it('returns the original only in the list for the publisher, never in the text', () => {
    const r = deidentify('身份证411329198001011234')
    expect(r.text).not.toContain('411329198001011234')
    expect(r.masked[0]).toMatchObject({
      original: '411329198001011234',
      masked: '**************1234',
      start: 3,
      end: 21,
    })
  })

  it('leaves text without findings alone and handles the empty string', () => {
    expect(deidentify('')).toEqual({ text: '', masked: [] })
    expect(deidentify('同意修建村东生产路。')).toEqual({ text: '同意修建村东生产路。', masked: [] })
  })

  it('is idempotent: masking masked text changes nothing', () => {
    for (const [text] of MASKED) {
      const once = deidentify(text).text
      expect(deidentify(once).text).toBe(once)
    }
  })
})
