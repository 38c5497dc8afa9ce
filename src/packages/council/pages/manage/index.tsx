import { Input, Text, View } from '@tarojs/components'
import { useState } from 'react'
import type { CallOutput } from '@/api/client'
import { callFunction } from '@/api/client'
import { useDraftForm } from '@/api/draft'
import { useCall } from '@/api/useCall'
import Button from '@/components/Button'
import ErrorNotice from '@/components/ErrorNotice'
import { VillageNeeded } from '@/components/VillagePicker'
import WhenPicker from '@/components/WhenPicker'
import { canIn } from '@/state/access'
import { confirmAction } from '@/state/confirm'
import { useLargeText } from '@/state/prefs'
import { dateLabel } from '@common/rules/human-text'
import { formatFen, yuanToFen } from '@common/rules/council-standards'
import { useCouncilVillage } from '../shared'
import '../../../../state/large-text.css'
import '../council.css'

type Council = CallOutput<'council', 'getCouncil'>
type Standard = Council['standards'][number]

/** 理事会与标准: the branch secretary (or the township) appoints the council and adopts a new village standard. */
export default function CouncilManagePage() {
  const { pageClass } = useLargeText()
  const view = useCouncilVillage()
  const villageId = view.villageId
  const can = canIn(view)
  const council = useCall('council', 'getCouncil', { villageId })
  if (!villageId)
    return (
      <View className={pageClass}>
        <VillageNeeded view={view} />
      </View>
    )
  const c = council.data
  return (
    <View className={pageClass}>
      {council.error ? <ErrorNotice error={council.error} onRetry={council.reload} /> : null}
      {!c && !council.error ? <Text className="council__meta">正在读取…</Text> : null}
      {c && can('council.saveCouncil') ? <Members villageId={villageId} council={c} onSaved={council.reload} /> : null}
      {c && can('council.addStandard') ? (
        <NewStandard
          villageId={villageId}
          today={c.today}
          current={c.standards.find((s) => s.version === c.current) ?? c.standards[c.standards.length - 1]!}
          next={Math.max(...c.standards.map((s) => s.version)) + 1}
          onSaved={council.reload}
        />
      ) : null}
    </View>
  )
}

interface Picked {
  personId: string
  name: string
}
interface MemberPick extends Picked {
  gridIds: string[]
  groups: string
}

function Members({ villageId, council, onSaved }: { villageId: string; council: Council; onSaved: () => void }) {
  const c = council.council
  const today = council.today
  const form = useDraftForm(`council.members.${villageId}`, {
    chair: (c?.chair ?? null) as Picked | null,
    members: (c?.members ?? []).map((m) => ({
      personId: m.personId,
      name: m.name,
      gridIds: m.gridIds,
      groups: m.groups,
    })) as MemberPick[],
    liaison: (c?.liaison ?? null) as Picked | null,
    termStart: c?.termStart || today,
    termEnd: c?.termEnd || `${Number(today.slice(0, 4)) + 3}${today.slice(4)}`,
  })
  const [query, setQuery] = useState('')
  const [done, setDone] = useState('')
  const found = useCall('roster', 'listPeople', { villageId, query: query.trim() || undefined, limit: 20 })
  const v = form.value
  const isMember = (id: string) => v.members.some((m) => m.personId === id)
  async function save() {
    if (form.submitting || !v.chair) return
    const r = await form.submit((x, requestId) =>
      callFunction(
        'council',
        'saveCouncil',
        {
          villageId,
          chairPersonId: x.chair!.personId,
          members: x.members.map((m) => ({ personId: m.personId, gridIds: m.gridIds, groups: m.groups })),
          liaisonPersonId: x.liaison?.personId,
          termStart: x.termStart,
          termEnd: x.termEnd,
        },
        { requestId },
      ),
    )
    if (r) {
      setDone('理事会已保存')
      onSaved()
    }
  }
  return (
    <View className="card" aria-label="理事会成员">
      <Text className="council__title">理事会成员</Text>
      <Text className="council__line">{`会长：${v.chair?.name ?? '未选'}`}</Text>
      <Text className="council__line">{`联络员：${v.liaison?.name ?? '未选（可不设）'}`}</Text>
      {v.liaison ? (
        <Button size="mini" onClick={() => form.update({ liaison: null })}>
          不设联络员
        </Button>
      ) : null}
      <Text className="council__line">{`成员 ${v.members.length} 人`}</Text>
      {v.members.map((m) => (
        <View key={m.personId} className="xz-row">
          <Text>{m.groups ? `${m.name}（${m.groups}）` : m.name}</Text>
          <Button
            size="mini"
            aria-label={`移出 ${m.name}`}
            onClick={() => form.update({ members: v.members.filter((x) => x.personId !== m.personId) })}
          >
            移出
          </Button>
        </View>
      ))}
      <Text className="council__label">从本村花名册选人</Text>
      <Input
        className="council__input"
        aria-label="查找人员"
        value={query}
        placeholder="输入姓名查找"
        onInput={(e) => setQuery(e.detail.value)}
      />
      {found.error ? <ErrorNotice error={found.error} onRetry={found.reload} /> : null}
      {(found.data?.people ?? []).map((p) => (
        <View key={p.id} className="xz-row">
          <Text>{p.name}</Text>
          <View className="council__actions">
            <Button
              size="mini"
              type={v.chair?.personId === p.id ? 'primary' : 'default'}
              aria-label={`${p.name} 任会长`}
              onClick={() => form.update({ chair: { personId: p.id, name: p.name } })}
            >
              会长
            </Button>
            <Button
              size="mini"
              type={isMember(p.id) ? 'primary' : 'default'}
              aria-label={`${p.name} 任成员`}
              onClick={() =>
                isMember(p.id)
                  ? undefined
                  : form.update({ members: [...v.members, { personId: p.id, name: p.name, gridIds: [], groups: '' }] })
              }
            >
              成员
            </Button>
            <Button
              size="mini"
              type={v.liaison?.personId === p.id ? 'primary' : 'default'}
              aria-label={`${p.name} 任联络员`}
              onClick={() => form.update({ liaison: { personId: p.id, name: p.name } })}
            >
              联络员
            </Button>
          </View>
        </View>
      ))}
      <WhenPicker
        mode="date"
        label="任期开始"
        value={v.termStart}
        onChange={(termStart) => form.update({ termStart })}
      />
      <WhenPicker
        mode="date"
        label="任期结束"
        value={v.termEnd}
        start={v.termStart}
        onChange={(termEnd) => form.update({ termEnd })}
      />
      {form.error ? <ErrorNotice error={form.error} /> : null}
      {done ? <Text className="council__ok">{done}</Text> : null}
      <Button type="primary" disabled={form.submitting || !v.chair} onClick={save}>
        {v.chair ? '保存理事会' : '先选会长'}
      </Button>
    </View>
  )
}

interface FieldDef {
  path: `${'wedding' | 'funeral'}.${string}`
  label: string
  unit: string
  money: boolean
}
const FIELDS: FieldDef[] = [
  { path: 'wedding.betrothalGiftCapFen', label: '彩礼上限', unit: '元', money: true },
  { path: 'wedding.engagementGuestsCap', label: '订婚人数上限', unit: '人', money: false },
  { path: 'wedding.carsCap', label: '婚车上限', unit: '辆', money: false },
  { path: 'wedding.tablesCap', label: '婚宴桌数上限', unit: '桌', money: false },
  { path: 'wedding.tableCostCapFenRural', label: '每桌费用上限（村里）', unit: '元', money: true },
  { path: 'wedding.tableCostCapFenTown', label: '每桌费用上限（镇上）', unit: '元', money: true },
  { path: 'wedding.giftMoneyCapFen', label: '人情礼金上限', unit: '元', money: true },
  { path: 'funeral.daysCap', label: '丧事天数上限', unit: '天', money: false },
  { path: 'funeral.tablesCap', label: '丧事桌数上限', unit: '桌', money: false },
  { path: 'funeral.tableCostCapFen', label: '丧事每桌费用上限', unit: '元', money: true },
  { path: 'funeral.reportDeadlineHours', label: '去世后报备时限', unit: '小时', money: false },
]

function valueAt(s: Standard, path: string): number {
  const [group, key] = path.split('.') as ['wedding' | 'funeral', string]
  return (s[group] as unknown as Record<string, number>)[key]!
}

/** Typed figures → the standard's numbers; `bad` names the fields that are not a number. */
function parseStandard(
  typed: Record<string, string>,
  reportToTownship: boolean,
): { wedding: Record<string, number>; funeral: Record<string, unknown>; bad: string[] } {
  const wedding: Record<string, number> = {}
  const funeral: Record<string, unknown> = { reportToTownship }
  const bad: string[] = []
  for (const f of FIELDS) {
    const text = (typed[f.path] ?? '').trim()
    const n = f.money ? yuanToFen(text) : /^\d{1,4}$/.test(text) ? Number(text) : null
    if (n === null) bad.push(f.label)
    else (f.path.startsWith('wedding.') ? wedding : funeral)[f.path.split('.')[1]!] = n
  }
  return { wedding, funeral, bad }
}

function NewStandard({
  villageId,
  today,
  current,
  next,
  onSaved,
}: {
  villageId: string
  today: string
  current: Standard
  next: number
  onSaved: () => void
}) {
  const form = useDraftForm(`council.standard.${villageId}`, {
    figures: Object.fromEntries(
      FIELDS.map((f) => {
        const n = valueAt(current, f.path)
        return [f.path, f.money ? formatFen(n).replace(/,/g, '') : String(n)]
      }),
    ) as Record<string, string>,
    reportToTownship: current.funeral.reportToTownship,
    rules: current.rules,
    effectiveFrom: today,
  })
  const [done, setDone] = useState('')
  const v = form.value
  const parsed = parseStandard(v.figures, v.reportToTownship)
  async function adopt() {
    if (form.submitting || parsed.bad.length) return
    const sure = await confirmAction({
      title: `通过第 ${next} 版标准？`,
      content: `自${dateLabel(v.effectiveFrom, { year: true })}起，新的报备按这一版核对；之前的事仍按当时的标准。通过后不能删除，只能再订新版。`,
      confirmText: '通过',
    })
    if (!sure) return
    const r = await form.submit((x, requestId) => {
      const p = parseStandard(x.figures, x.reportToTownship)
      return callFunction(
        'council',
        'addStandard',
        {
          villageId,
          effectiveFrom: x.effectiveFrom,
          wedding: p.wedding as never,
          funeral: p.funeral as never,
          rules: x.rules.trim(),
          baseline: current.baseline,
        },
        { requestId },
      )
    })
    if (r) {
      setDone(`第 ${r.version} 版标准已通过，${dateLabel(r.effectiveFrom, { year: true })}起适用`)
      onSaved()
    }
  }
  return (
    <View className="card" aria-label="新的标准">
      <Text className="council__title">订立本村新标准</Text>
      <Text className="council__meta">
        {current.version
          ? `现行：第 ${current.version} 版（${dateLabel(current.effectiveFrom, { year: true })}起）。下面已填上现行的数字，改动后通过。`
          : '现行：县里的默认标准。下面已填上默认的数字，按村规民约改动后通过。'}
      </Text>
      {FIELDS.map((f) => (
        <View key={f.path}>
          <Text className="council__label">{`${f.label}（${f.unit}）`}</Text>
          <Input
            className="council__input"
            aria-label={f.label}
            type="digit"
            value={v.figures[f.path] ?? ''}
            onInput={(e) => form.update({ figures: { ...v.figures, [f.path]: e.detail.value } })}
          />
          {parsed.bad.includes(f.label) ? <Text className="council__over">请填写数字</Text> : null}
        </View>
      ))}
      <View
        className={`council__choice${v.reportToTownship ? ' council__choice--on' : ''}`}
        aria-role="checkbox"
        aria-checked={v.reportToTownship}
        onClick={() => form.update({ reportToTownship: !v.reportToTownship })}
      >
        <Text>{v.reportToTownship ? '☑ 丧事须报乡镇民政所' : '☐ 丧事须报乡镇民政所'}</Text>
      </View>
      <Text className="council__label">其他约定（村规民约条文，可不填）</Text>
      <Input
        className="council__input"
        aria-label="其他约定"
        value={v.rules}
        onInput={(e) => form.update({ rules: e.detail.value })}
      />
      <WhenPicker
        mode="date"
        label="生效日期"
        value={v.effectiveFrom}
        start={today}
        onChange={(effectiveFrom) => form.update({ effectiveFrom })}
      />
      {form.error ? <ErrorNotice error={form.error} /> : null}
      {done ? <Text className="council__ok">{done}</Text> : null}
      <Button type="primary" disabled={form.submitting || parsed.bad.length > 0} onClick={adopt}>
        通过新标准
      </Button>
    </View>
  )
}
