import type { Locator, Page } from 'playwright-core'

// Taro H5's picker wheel (@tarojs/components picker-group): rows 34 px high, the chosen row 102 px below the top.
const ROW = 34
const TOP = 102
/** Rows moved per drag: a drag stays inside the wheel (7 rows high), or the wheel takes it as ended. */
const ROWS_PER_DRAG = 2

/** The row a wheel stands on, from its content's translate3d(0, Hpx, 0). */
async function currentRow(column: Locator): Promise<number> {
  const style = (await column.locator('.weui-picker__content').getAttribute('style')) ?? ''
  const y = Number(/translate3d\(0(?:px)?,\s*(-?[\d.]+)px/.exec(style)?.[1] ?? TOP)
  return Math.round((TOP - y) / ROW)
}

/** Drags one wheel, as a finger does, until `value` (as the wheel shows it: 2026年, 03月, 07日, 09, 30) is chosen. */
async function turnTo(page: Page, column: Locator, value: string, skip: number): Promise<void> {
  const items = await column.locator('.weui-picker__item').allTextContents()
  const target = items.indexOf(value, skip)
  if (target < 0) throw new Error(`picker: no ${value} in ${items.join(' ')}`)
  for (let guard = 0; guard < 60; guard++) {
    const rows = (await currentRow(column)) - target
    if (rows === 0) return
    const box = (await column.boundingBox())!
    const x = box.x + box.width / 2
    const y = box.y + box.height / 2
    const step = Math.sign(rows) * Math.min(Math.abs(rows), ROWS_PER_DRAG) * ROW
    await page.mouse.move(x, y)
    await page.mouse.down()
    await page.mouse.move(x, y + step, { steps: 6 })
    await page.mouse.up()
    await page.waitForTimeout(350) // the wheel's snap animation
  }
  throw new Error(`picker: could not reach ${value}`)
}

/**
 * Picks a date or a time in a WhenPicker (src/components/WhenPicker) named `label`: taps the field, turns each wheel
 * to its value and taps 确定. `date` is YYYY-MM-DD, `time` HH:mm.
 */
export async function pickWhen(page: Page, label: string, value: string): Promise<void> {
  const field = page.locator('.when:visible', { has: page.getByText(label, { exact: true }) }).first()
  await field.locator('.when__field').click()
  // Taro H5 appends each picker's overlay to <body>; the sliding panel of the open one is the only visible one (the
  // overlay itself, with only position: fixed children, has no height and never counts as visible).
  const overlay = page.locator('.weui-picker:visible').first()
  await overlay.locator('.weui-picker__action', { hasText: '确定' }).waitFor()
  const columns = overlay.locator('taro-picker-group')
  const date = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value)
  const wanted = date ? [`${date[1]}年`, `${date[2]}月`, `${date[3]}日`] : value.split(':')
  // A time wheel repeats its last rows first (endless scrolling): the real 00–23 / 00–59 start at row 4.
  for (let i = 0; i < wanted.length; i++) await turnTo(page, columns.nth(i), wanted[i]!, date ? 0 : 4)
  await overlay.locator('.weui-picker__action', { hasText: '确定' }).click()
  await overlay.waitFor({ state: 'hidden' })
}
