import { parseFigures } from '../../src/packages/council/pages/shared'

jest.mock('@tarojs/taro', () => ({ __esModule: true, default: { getStorageSync: () => '' } }))

describe('the council filing form reads typed yuan and counts exactly', () => {
  it('turns yuan into fen and counts into integers, skipping blanks', () => {
    expect(
      parseFigures('wedding', { betrothalGiftFen: '28000', tables: '15', tableCostFen: '199.99', cars: ' ' }),
    ).toEqual({
      figures: { betrothalGiftFen: 2_800_000, tables: 15, tableCostFen: 19_999 },
      bad: [],
    })
  })
  it('flags negative, fractional counts and non-numbers instead of guessing', () => {
    expect(parseFigures('wedding', { betrothalGiftFen: '-100', tables: '1.5', cars: '三' }).bad).toEqual([
      'betrothalGiftFen',
      'cars',
      'tables',
    ])
  })
  it('ignores figures that do not belong to the kind', () => {
    expect(parseFigures('funeral', { betrothalGiftFen: '100', days: '3' }).figures).toEqual({ days: 3 })
  })
})
