import { Input, Text, Textarea, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import {
  CATEGORIES,
  CATEGORY_KEYS,
  ORIGIN_LABELS,
  ORIGINS,
  type Category,
  type Origin,
} from '@common/rules/deliberation'
import Button from '@/components/Button'
import { callFunction } from '@/api/client'
import { useDraftForm } from '@/api/draft'
import ErrorNotice from '@/components/ErrorNotice'
import SensitiveWarning from '@/components/SensitiveWarning'
import WhenPicker from '@/components/WhenPicker'
import { beijingDate } from '@common/rules/beijing-time'
import { useLargeText } from '@/state/prefs'
import { heldAt, useVillageId } from '../shared'
import '../../../../state/large-text.css'
import '../deliberation.css'

/** Step 1: the branch proposes a matter. The form is kept on the phone until it is sent. */
export default function NewMatterPage() {
  const { pageClass } = useLargeText()
  const villageId = useVillageId()
  const form = useDraftForm(`deliberation.new.${villageId}`, {
    title: '',
    content: '',
    category: 'public_works' as Category,
    origin: 'members_residents' as Origin,
    place: '',
    note: '',
    heldDate: '',
    heldTime: '',
  })
  const v = form.value
  async function submit() {
    const done = await form.submit((value, requestId) =>
      callFunction(
        'deliberation',
        'createMatter',
        {
          villageId,
          title: value.title,
          content: value.content,
          category: value.category,
          origin: value.origin,
          attachments: [],
          meeting:
            value.place || value.note || value.heldDate
              ? {
                  heldAt: heldAt(value.heldDate, value.heldTime),
                  place: value.place || undefined,
                  note: value.note || undefined,
                }
              : undefined,
        },
        { requestId },
      ),
    )
    if (done)
      Taro.redirectTo({
        url: `/packages/deliberation/pages/matter/index?villageId=${villageId}&matterId=${done.matterId}`,
      })
  }
  return (
    <View className={pageClass}>
      <View className="card">
        <Text className="dl__title">第一步：党组织提议</Text>
        {form.restored ? <Text className="dl__meta">已恢复上次没有提交的内容</Text> : null}
        <Text className="dl__line">议题名称</Text>
        <Input
          className="dl__input"
          aria-label="议题名称"
          value={v.title}
          placeholder="如：硬化村东生产路"
          onInput={(e) => form.update({ title: e.detail.value })}
        />
        <Text className="dl__line">议题内容</Text>
        <Textarea
          className="dl__area"
          aria-label="议题内容"
          value={v.content}
          maxlength={5000}
          placeholder="要办什么事、为什么办、花多少钱、怎么办"
          onInput={(e) => form.update({ content: e.detail.value })}
        />
        <SensitiveWarning texts={[v.title, v.content]} />
        <Text className="dl__line">类别</Text>
        <View>
          {CATEGORY_KEYS.map((c) => (
            <Text
              key={c}
              className={`dl__pick${v.category === c ? ' dl__pick--on' : ''}`}
              onClick={() => form.update({ category: c })}
            >
              {CATEGORIES[c].label}
            </Text>
          ))}
        </View>
        <Text className="dl__line">议题来源</Text>
        <View>
          {ORIGINS.map((o) => (
            <Text
              key={o}
              className={`dl__pick${v.origin === o ? ' dl__pick--on' : ''}`}
              onClick={() => form.update({ origin: o })}
            >
              {ORIGIN_LABELS[o]}
            </Text>
          ))}
        </View>
        <Text className="dl__line">提议的会议（时间、地点、纪要，可不填）</Text>
        <WhenPicker
          mode="date"
          label="会议日期"
          value={v.heldDate}
          end={beijingDate(Date.now())}
          onChange={(heldDate) => form.update({ heldDate })}
        />
        <WhenPicker
          mode="time"
          label="会议开始时间"
          value={v.heldTime}
          onChange={(heldTime) => form.update({ heldTime })}
        />
        <Text className="xz-label">会议地点</Text>
        <Input
          className="dl__input"
          value={v.place}
          placeholder="会议地点"
          onInput={(e) => form.update({ place: e.detail.value })}
        />
        <Text className="xz-label">会议纪要</Text>
        <Input
          className="dl__input"
          value={v.note}
          placeholder="会议纪要"
          onInput={(e) => form.update({ note: e.detail.value })}
        />
        <SensitiveWarning texts={[v.place, v.note]} />
        {form.error ? <ErrorNotice error={form.error} /> : null}
        <Button
          type="primary"
          loading={form.submitting}
          disabled={form.submitting || !v.title.trim() || !v.content.trim()}
          onClick={submit}
        >
          提交提议
        </Button>
      </View>
    </View>
  )
}
