/** Schemas shared by several contracts: ids, memberships, roles, settings values. */
import { ALL_ROLES, VILLAGE_ROLES, type Role } from '../roles'
import { SETTING_DEFS } from '../rules/settings'
import { text, z } from '../schema'

export { id } from './ids'

export const role = z.enum(ALL_ROLES as [Role, ...Role[]])
export const villageRole = z.enum(VILLAGE_ROLES as [Role, ...Role[]])

export const membership = z.object({
  villageId: z.string().optional(),
  townshipId: z.string().optional(),
  personId: z.string().optional(),
  roles: z.array(role),
})

export const fraction = z.object({ num: z.number().int(), den: z.number().int() })

function valueSchema(kind: 'int' | 'fraction' | 'intList' | 'dateList' | 'roleList') {
  if (kind === 'int') return z.number()
  if (kind === 'roleList') return z.array(role).max(20)
  if (kind === 'fraction') return fraction
  if (kind === 'dateList') return z.array(text().max(10)).max(100)
  return z.array(z.number()).max(100)
}

/** Every setting as an optional field; ranges and statutory floors are checked by common/rules/settings.ts. */
export const settingsPatch = z.strictObject(
  Object.fromEntries(SETTING_DEFS.map((d) => [d.key, valueSchema(d.kind).optional()])),
)
/** Same, where `null` removes a village override. */
export const overridesPatch = z.strictObject(
  Object.fromEntries(
    SETTING_DEFS.filter((d) => d.local).map((d) => [d.key, valueSchema(d.kind).nullable().optional()]),
  ),
)
export const settingsValues = z.object(Object.fromEntries(SETTING_DEFS.map((d) => [d.key, valueSchema(d.kind)])))

export const serviceCentre = z.object({
  name: text().max(40).describe('如“某某村党群服务中心”'),
  address: text().max(80),
  phone: text().max(20).describe('服务中心值班电话（公开）'),
  latitude: z.number().min(-90).max(90).describe('GCJ-02 纬度'),
  longitude: z.number().min(-180).max(180).describe('GCJ-02 经度'),
  radiusMetres: z.number().int().min(30).max(2000).describe('签到有效半径（米）'),
})

export const partyInfo = z.object({
  standing: z.enum(['full', 'probationary']),
  presence: z.enum(['home', 'away', 'mobile']),
})

/** Years the app's dates may name: event dates, months and periods, never an arbitrary 4-digit year. */
const CALENDAR_YEAR = '(?:20\\d\\d|2100)'
const isCalendarDate = (text: string) => {
  const [y, m, d] = text.split('-').map(Number) as [number, number, number]
  const at = new Date(Date.UTC(y, m - 1, d))
  return at.getUTCFullYear() === y && at.getUTCMonth() === m - 1 && at.getUTCDate() === d
}
/** A calendar date YYYY-MM-DD (years 2000–2100); 2026-02-30 or 0054-10-01 is refused, not passed to a handler. */
export const calendarDate = text()
  .max(10)
  .regex(new RegExp(`^${CALENDAR_YEAR}-\\d{2}-\\d{2}$`), '日期格式应为 YYYY-MM-DD')
  .refine(isCalendarDate, '不是有效的日期')
/** A month YYYY-MM (years 2000–2100). */
export const calendarMonth = text()
  .max(7)
  .regex(new RegExp(`^${CALENDAR_YEAR}-(0[1-9]|1[0-2])$`), '月份格式应为 YYYY-MM')
/** What a user types into a search box: no control characters (a NUL breaks the database's regular expressions). */
export const searchQuery = (max: number) =>
  text()
    .trim()
    .max(max)
    // eslint-disable-next-line no-control-regex -- control characters are what this removes
    .regex(/^[^\u0000-\u001f\u007f]*$/, '不能包含控制字符')

export const page = {
  offset: z.number().int().min(0).max(100000).default(0),
  limit: z.number().int().min(1).max(50).default(20),
}
