export default definePageConfig({ navigationBarTitleText: '走访发现的需求' })
