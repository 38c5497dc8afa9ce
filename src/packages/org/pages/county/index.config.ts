export default definePageConfig({ navigationBarTitleText: '全县乡镇（街道）' })
