export default definePageConfig({ navigationBarTitleText: '本乡镇的村（社区）' })
