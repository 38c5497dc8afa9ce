export default definePageConfig({ navigationBarTitleText: '四议两公开' })
