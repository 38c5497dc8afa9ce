export default definePageConfig({ navigationBarTitleText: '审核与登记' })
