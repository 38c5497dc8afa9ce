/**
 * De-identification (domain rules §8): ID numbers are stored masked beyond their last 4 characters and never
 * kept whole; phone numbers and names are masked wherever a list may be seen by others.
 */

/** 18-digit resident ID (last character may be X), or the old 15-digit form. */
const ID_NUMBER = /^(\d{17}[\dXx]|\d{15})$/
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const CHECK = '10X98765432'

/** Whether an 18-digit ID number's check character is right (GB 11643); 15-digit numbers have none. */
export function idNumberChecksumOk(id: string): boolean {
  const value = id.toUpperCase()
  if (!ID_NUMBER.test(value)) return false
  if (value.length === 15) return true
  const sum = WEIGHTS.reduce((acc, w, i) => acc + w * Number(value[i]), 0)
  return CHECK[sum % 11] === value[17]
}

/** The only form in which an ID number is stored: every character but the last 4 replaced by *. */
export function maskIdNumber(id: string): string {
  const value = id.trim().toUpperCase()
  if (value.length <= 4) return '*'.repeat(value.length)
  return '*'.repeat(value.length - 4) + value.slice(-4)
}

export function isMaskedIdNumber(value: string): boolean {
  return /^\*{11,14}[\dX]{4}$/.test(value)
}

/** 13812345678 → 138****5678. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '')
  if (digits.length < 7) return '*'.repeat(digits.length)
  return `${digits.slice(0, 3)}${'*'.repeat(digits.length - 7)}${digits.slice(-4)}`
}

/** 张三丰 → 张*丰, 张三 → 张*: for lists seen outside the village cadres. */
export function maskName(name: string): string {
  const chars = [...name.trim()]
  if (chars.length <= 1) return chars.join('')
  if (chars.length === 2) return `${chars[0]}*`
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`
}

export const MOBILE_PHONE = /^1[3-9]\d{9}$/
