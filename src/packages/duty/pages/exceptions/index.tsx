import { Text, View } from '@tarojs/components'
import { dateLabel, dateTimeLabel, monthLabel } from '@common/rules/human-text'
import { formatDistance, PUNCTUALITY_GRACE_MINUTES, punctualityLabel } from '@common/rules/duty'
import { useCall } from '@/api/useCall'
import EmptyState from '@/components/EmptyState'
import ErrorNotice from '@/components/ErrorNotice'
import { VillageNeeded } from '@/components/VillagePicker'
import { useLargeText } from '@/state/prefs'
import { DutyGate } from '@/packages/duty/shared/DutyGate'
import { hhmm, useDutyVillage } from '@/packages/duty/shared/useDutyVillage'
import '../../../../state/large-text.css'
import '../../shared/duty.css'

/**
 * For the secretary (from 首页 or the duty roster): this month's check-ins and check-outs made without one of the
 * two proofs — who, when, which proof was missing and why, and how many of the county's allowance each has used —
 * and arrivals after / departures before the shift's hours. Records to verify, not a ranking of people.
 */
export default function DutyExceptionsPage() {
  const { pageClass } = useLargeText()
  const { villageId, loading, view } = useDutyVillage()
  return (
    <DutyGate
      pageClass={pageClass}
      loading={loading}
      refusal={
        !villageId ? <VillageNeeded view={view} description="选好村以后，这里会显示本月的例外签到" /> : undefined
      }
    >
      <Exceptions villageId={villageId} />
    </DutyGate>
  )
}

function Exceptions({ villageId }: { villageId: string }) {
  const list = useCall('duty', 'exceptions', { villageId })
  if (list.error && !list.data) return <ErrorNotice error={list.error} onRetry={list.reload} />
  if (!list.data) return <Text className="duty__hint">正在读取…</Text>
  const { month, cap, entries, punctuality } = list.data
  return (
    <View>
      <View className="card" aria-label="例外签到">
        <Text className="duty__title">{monthLabel(month)}例外签到（请核实）</Text>
        <Text className="duty__hint">缺少定位或动态码、说明了原因的签到签退。县里规定每人每月最多 {cap} 次。</Text>
        {entries.length ? (
          entries.map((e) => (
            <View key={e.id} className="xz-row">
              <View>
                <Text className="duty__line">
                  {e.name} · {dateTimeLabel(e.at)} {e.stage === 'check_in' ? '签到' : '签退'}
                </Text>
                <Text className="duty__hint">
                  缺少：{e.missingLabel}
                  {e.distanceMetres !== null ? `（报来的位置离中心约 ${formatDistance(e.distanceMetres)}）` : ''}
                </Text>
                <Text className="duty__hint">原因：{e.reason}</Text>
              </View>
              <Text className={e.usedThisMonth >= cap ? 'duty__warn' : 'duty__hint'}>
                本月 {e.usedThisMonth}/{cap} 次
              </Text>
            </View>
          ))
        ) : (
          <EmptyState title="本月没有例外签到" description="大家都在服务中心定位并扫码签到" />
        )}
      </View>
      <View className="card" aria-label="迟到早退">
        <Text className="duty__title">对照班次的迟到早退</Text>
        {punctuality.length ? (
          punctuality.map((p) => (
            <View key={p.id} className="xz-row">
              <View>
                <Text className="duty__line">
                  {p.name} · {dateLabel(p.date)} 班次 {p.shiftStart}–{p.shiftEnd}
                </Text>
                <Text className="duty__hint">
                  签到 {hhmm(p.checkedInAt)}
                  {p.checkedOutAt ? `，签退 ${hhmm(p.checkedOutAt)}` : '，未签退'}
                </Text>
              </View>
              <Text className="duty__warn">
                {[
                  p.lateMinutes ? punctualityLabel('late', p.lateMinutes) : '',
                  p.earlyMinutes ? punctualityLabel('early', p.earlyMinutes) : '',
                ]
                  .filter(Boolean)
                  .join('，')}
              </Text>
            </View>
          ))
        ) : (
          <Text className="duty__hint">本月没有迟到或早退（超过 {PUNCTUALITY_GRACE_MINUTES} 分钟才标注）</Text>
        )}
      </View>
    </View>
  )
}
