export default definePageConfig({ navigationBarTitleText: '本村的诉求' })
