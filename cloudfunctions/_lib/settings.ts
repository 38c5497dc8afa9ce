/** Settings as a function reads them: the county's (counties/<COUNTY_ID>.settings) ← a village's local overrides. */
import { effectiveSettings, type Settings, type SettingsPatch } from '../../common/rules/settings'
import type { Database } from './cloud'
import { C } from './collections'
import { COUNTY_ID, findById, getVillage, type CountyDoc, type VillageDoc } from './records'

/** The patches stored on the documents (both optional). */
export const countyPatch = (county: Pick<CountyDoc, 'settings'> | null | undefined): SettingsPatch =>
  (county?.settings ?? {}) as SettingsPatch
export const villagePatch = (village: Pick<VillageDoc, 'settingsOverrides'> | null | undefined): SettingsPatch =>
  (village?.settingsOverrides ?? {}) as SettingsPatch

/** Effective settings from documents already read (no request). */
export function settingsFrom(
  county: Pick<CountyDoc, 'settings'> | null | undefined,
  village?: Pick<VillageDoc, 'settingsOverrides'> | null,
): Settings {
  return effectiveSettings(countyPatch(county), villagePatch(village))
}

export async function readCounty(db: Database): Promise<CountyDoc | undefined> {
  return findById<CountyDoc>(db, C.counties, COUNTY_ID)
}

/** The county's stored settings patch (what the county changed from the defaults). One read. */
export async function readCountyPatch(db: Database): Promise<SettingsPatch> {
  return countyPatch(await readCounty(db))
}

/** The county's settings, without any village's overrides. One read. */
export async function countySettings(db: Database): Promise<Settings> {
  return settingsFrom(await readCounty(db))
}

/** A village's effective settings (and the village). Two reads in parallel; one when the village is passed. */
export async function villageSettings(
  db: Database,
  villageId: string,
  village?: VillageDoc,
): Promise<{ settings: Settings; village: VillageDoc }> {
  const [v, county] = await Promise.all([
    village ? Promise.resolve(village) : getVillage(db, villageId),
    readCounty(db),
  ])
  return { village: v, settings: settingsFrom(county, v) }
}
