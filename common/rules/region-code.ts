/**
 * 行政区划代码 of a county-level unit (县、县级市、市辖区): six digits — province (2), prefecture (2), county (2) —
 * as in GB/T 2260. A province's or a prefecture's own code ends in 00 and is not a county.
 */
const PROVINCES = new Set([
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63,
  64, 65, 71, 81, 82,
])

/** The problem with a county's region code in Chinese, or null when it is one. */
export function regionCodeProblem(code: string): string | null {
  if (!/^\d{6}$/.test(code)) return '行政区划代码应为6位数字，例如 411329'
  if (!PROVINCES.has(Number(code.slice(0, 2)))) return '行政区划代码的前两位不是省级代码'
  if (code.slice(2, 4) === '00') return '这是省级行政区划代码，请填写县（市、区）的代码'
  if (code.slice(4) === '00') return '这是地级行政区划代码，请填写县（市、区）的代码'
  return null
}
